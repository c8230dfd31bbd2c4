// mergeValues: an applied configuration merged into the live object (structured-merge-diff's Merge).
// Maps and structs merge per field, keyed lists per item, sets per value; leaves and atomic values are replaced.
import type { PatchMeta } from '../patch/patch-meta.js';
import { keyToken, valueToken } from './path.js';
import { childMeta, sameShape, shapeOf } from './shape.js';

/**
 * Returns `live` with `applied` merged in. Neither input is mutated, but the result shares unchanged
 * subtrees with both: clone first if the result will be mutated. A null in `applied` removes the field.
 * Throws PathError when a keyed list item lacks a key.
 */
export function mergeValues(live: unknown, applied: unknown, meta: PatchMeta | undefined): unknown {
  if (applied === undefined) return live;
  const shape = shapeOf(applied, meta);
  if (live !== undefined && !sameShape(shape, shapeOf(live, meta))) return dropNulls(applied, meta);
  switch (shape.kind) {
    case 'leaf':
      return applied;
    case 'map': {
      const out: Record<string, unknown> = live === undefined ? {} : { ...(live as Record<string, unknown>) };
      const a = applied as Record<string, unknown>;
      for (const k in a) {
        const v = a[k];
        if (v === undefined) continue;
        if (v === null) delete out[k];
        else out[k] = mergeValues(out[k], v, childMeta(meta, k));
      }
      return out;
    }
    case 'assoc': {
      const elem = meta?.elem();
      const token = (x: unknown): string => keyToken(x, shape.keys);
      return mergeOrdered(asList(live), applied as unknown[], token, (l, r) => (r === undefined ? l : mergeValues(l, r, elem)));
    }
    case 'set':
      return mergeOrdered(asList(live), applied as unknown[], valueToken, (l, r) => (r === undefined ? l : r));
  }
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function dropNulls(applied: unknown, meta: PatchMeta | undefined): unknown {
  return mergeValues(undefined, applied, meta);
}

/**
 * Merges two lists item by item and keeps upstream's order: live-only items stay where they were, items
 * in both follow the applied order, and applied-only items go where the applied list puts them.
 */
function mergeOrdered(lhs: readonly unknown[], rhs: readonly unknown[], token: (x: unknown) => string, mergeItem: (l: unknown, r: unknown) => unknown): unknown[] {
  const lt = lhs.map(token);
  const rt = rhs.map(token);
  const lFirst = new Map<string, number>();
  lt.forEach((t, i) => lFirst.has(t) || lFirst.set(t, i));
  const rFirst = new Map<string, number>();
  rt.forEach((t, i) => rFirst.has(t) || rFirst.set(t, i));
  const shared = [...rFirst.keys()].filter((t) => lFirst.has(t));
  let s = 0;
  const merged = new Set<string>();
  const out: unknown[] = [];
  const takeRight = (b: number): void => {
    const t = rt[b] as string;
    if (merged.has(t)) return; // a duplicate applied item: the first one is the item
    merged.add(t);
    const li = lFirst.get(t);
    out.push(mergeItem(li === undefined ? undefined : lhs[li], rhs[b]));
    if (shared[s] === t) s++;
  };
  let a = 0;
  let b = 0;
  while (a < lt.length || b < rt.length) {
    if (a < lt.length && b < rt.length) {
      if (lt[a] === rt[b]) {
        takeRight(b);
        a++;
        b++;
        continue;
      }
      // A shared item that the applied list places later: it is emitted when the applied side gets there.
      if (rFirst.has(lt[a] as string) && s < shared.length && shared[s] !== lt[a]) {
        a++;
        continue;
      }
    }
    if (a < lt.length) {
      const t = lt[a] as string;
      if (!rFirst.has(t)) {
        out.push(mergeItem(lhs[a], undefined));
        a++;
        continue;
      }
      if (merged.has(t)) a++;
    }
    if (b < rt.length) {
      takeRight(b);
      b++;
    }
  }
  return out;
}
