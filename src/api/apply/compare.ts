// compareObjects: which fields a write added, modified or removed (structured-merge-diff's Compare).
// Update gives added+modified to the writer; apply reports them as conflicts when another manager owns them.
import type { PatchMeta } from '../patch/patch-meta.js';
import { FieldSet } from './field-set.js';
import { childPath, isObj, keyToken, valueToken, type Part } from './path.js';
import { childMeta, isEmptyContainer, isNamedField, isOwnablePath, isTrackedChild, sameShape, shapeOf, type Shape } from './shape.js';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/**
 * Compares two objects field by field. Untracked fields (see fieldSetOf) are skipped. A container that
 * appears or disappears is itself added/removed, except declared struct fields, which stand for Go's
 * always-present struct values upstream. Throws PathError when a keyed list item lacks a key.
 */
export function compareObjects(lhs: unknown, rhs: unknown, meta: PatchMeta, part: Part = 'main'): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk(lhs ?? {}, rhs ?? {}, meta, '', false, part, c);
  return c;
}

const leafShape: Shape = { kind: 'leaf' };

function walk(l: unknown, r: unknown, meta: PatchMeta | undefined, path: string, named: boolean, part: Part, c: Comparison): void {
  let shape: Shape;
  if (l === undefined) shape = shapeOf(r, meta);
  else if (r === undefined) shape = shapeOf(l, meta);
  else {
    const sl = shapeOf(l, meta);
    shape = sameShape(sl, shapeOf(r, meta)) ? sl : leafShape;
  }
  // Two empty (or absent) containers compare as one leaf, which keeps `{}` apart from absent.
  if (shape.kind !== 'leaf' && isEmptyContainer(l) && isEmptyContainer(r)) shape = leafShape;
  switch (shape.kind) {
    case 'leaf':
      if (!isOwnablePath(path)) return;
      if (l === undefined) c.added.add(path);
      else if (r === undefined) c.removed.add(path);
      else if (!deepEqual(l, r)) c.modified.add(path);
      return;
    case 'map':
      walkMap(l as Record<string, unknown> | undefined, r as Record<string, unknown> | undefined, meta, path, part, c);
      break;
    case 'assoc': {
      const li = index(l, (x) => keyToken(x, shape.keys));
      const ri = index(r, (x) => keyToken(x, shape.keys));
      const elem = meta?.elem();
      for (const [t, x] of li) walk(x, ri.get(t), elem, childPath(path, t), false, part, c);
      for (const [t, x] of ri) if (!li.has(t)) walk(undefined, x, elem, childPath(path, t), false, part, c);
      break;
    }
    case 'set': {
      const li = index(l, valueToken);
      const ri = index(r, valueToken);
      for (const t of li.keys()) if (!ri.has(t)) c.removed.add(childPath(path, t));
      for (const t of ri.keys()) if (!li.has(t)) c.added.add(childPath(path, t));
      break;
    }
  }
  if (!isOwnablePath(path) || (named && meta?.kind === 'struct')) return;
  if (l === undefined) c.added.add(path);
  else if (r === undefined) c.removed.add(path);
}

function walkMap(l: Record<string, unknown> | undefined, r: Record<string, unknown> | undefined, meta: PatchMeta | undefined, path: string, part: Part, c: Comparison): void {
  const visit = (k: string, lv: unknown, rv: unknown): void => {
    if ((lv === undefined && rv === undefined) || !isTrackedChild(path, k, part)) return;
    const cm = childMeta(meta, k);
    walk(lv, rv, cm, childPath(path, `f:${k}`), isNamedField(meta, cm), part, c);
  };
  if (l) for (const k in l) visit(k, l[k], r?.[k]);
  if (r) for (const k in r) if (l?.[k] === undefined) visit(k, undefined, r[k]);
}

/** Items by path element; the first of duplicate items wins. */
function index(list: unknown, token: (item: unknown) => string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const t = token(item);
    if (!out.has(t)) out.set(t, item);
  }
  return out;
}

/** Structural equality of JSON values (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (!isObj(a) || !isObj(b)) return false;
  let n = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    n++;
    if (!deepEqual(a[k], b[k])) return false;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}
