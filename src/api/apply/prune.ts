// prune: after an apply, remove the fields the applier owned last time, no longer applies, and nobody else owns
// (structured-merge-diff's prune with addBackOwnedItems/addBackDanglingItems).
import type { PatchMeta } from '../patch/patch-meta.js';
import type { FieldSet } from './field-set.js';
import { isObj, keyToken, listShape, PathError, sep, splitPath, valueToken } from './path.js';
import { childMeta, isNamedField } from './shape.js';

/**
 * Removes from `obj` (mutated in place) every path of `last` that `owned` (all managers' sets, the
 * applier's new one included) does not hold, nor hold anything beneath. A declared struct field that held a removed path goes too
 * when nobody owns anything beneath it, as upstream treats named fields as members.
 */
export function prune(obj: Record<string, unknown>, last: FieldSet, owned: FieldSet, meta: PatchMeta): void {
  const ownedAncestors = owned.ancestors();
  const candidates = new Set<string>();
  for (const p of last) {
    // A map or list the applier owned as a member goes only when nothing beneath it is owned any more
    // (upstream adds owned items back after removing the difference).
    if (!owned.has(p) && !ownedAncestors.has(p)) candidates.add(p);
    for (const a of namedAncestors(p, meta)) if (!owned.has(a) && !ownedAncestors.has(a)) candidates.add(a);
  }
  // Longest first, so an item is still findable by key when its own fields are removed.
  for (const p of [...candidates].sort((a, b) => b.length - a.length)) {
    const tokens = splitPath(p);
    if (!isKeyField(tokens)) removePath(obj, tokens, meta);
  }
}

/** A key field of a list item: removing it alone would corrupt the item (the item's own removal takes it). */
function isKeyField(tokens: readonly string[]): boolean {
  const item = tokens[tokens.length - 2];
  const field = tokens[tokens.length - 1];
  if (!item?.startsWith('k:') || !field?.startsWith('f:')) return false;
  return Object.hasOwn(JSON.parse(item.slice(2)) as object, field.slice(2));
}

/** The strict ancestors of `path` that are declared struct fields (never `metadata` itself). */
function namedAncestors(path: string, meta: PatchMeta): string[] {
  const tokens = splitPath(path);
  const out: string[] = [];
  let m: PatchMeta | undefined = meta;
  for (let i = 0; i < tokens.length - 1 && m !== undefined; i++) {
    const t = tokens[i] as string;
    if (t.startsWith('f:')) {
      const cm = childMeta(m, t.slice(2));
      if (isNamedField(m, cm) && !(i === 0 && t === 'f:metadata')) out.push(tokens.slice(0, i + 1).join(sep));
      m = cm;
    } else {
      m = m.elem();
    }
  }
  return out;
}

function removePath(obj: unknown, tokens: readonly string[], meta: PatchMeta | undefined): void {
  let cur: unknown = obj;
  let m = meta;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const last = i === tokens.length - 1;
    if (t.startsWith('f:')) {
      if (!isObj(cur)) return;
      const name = t.slice(2);
      if (last) {
        delete cur[name];
        return;
      }
      m = childMeta(m, name);
      cur = cur[name];
      continue;
    }
    if (!Array.isArray(cur)) return;
    const idx = findItem(cur, t, m);
    if (idx < 0) return;
    if (last) {
      cur.splice(idx, 1);
      return;
    }
    m = m?.elem();
    cur = cur[idx];
  }
}

function findItem(list: readonly unknown[], token: string, meta: PatchMeta | undefined): number {
  try {
    if (token.startsWith('v:')) return list.findIndex((x) => valueToken(x) === token);
    const shape = listShape(meta);
    if (token.startsWith('k:') && shape.kind === 'assoc') return list.findIndex((x) => keyToken(x, shape.keys) === token);
  } catch (e: unknown) {
    if (!(e instanceof PathError)) throw e;
  }
  return -1;
}
