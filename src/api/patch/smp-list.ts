// Strategic merge patch for lists with the merge strategy: element-wise merge by merge key (maps) or
// union (primitives), `$patch` list elements, and upstream's ordering rules for the merged result.
import { badRequest } from '../errors.js';
import { hasOwn, isObject, jsonKind, show, type JsonObject } from './json-value.js';
import { errBadPatchType, errListOfLists, errNoMergeKey, patchDirective, sameValue, stripDirectives } from './smp-directives.js';

/** Merges one patch element into the existing element with the same merge key. */
export type ElementMerger = (original: JsonObject, patch: JsonObject) => unknown;

/** Identity of a list element for ordering: the merge-key value for maps, the value itself otherwise. */
export type KeyOf = (item: unknown) => unknown;

export const keyOfFor = (mergeKey: string | undefined): KeyOf =>
  mergeKey ? (item) => (isObject(item) ? item[mergeKey] : undefined) : (item) => item;

/** Whether elements of the given lists are maps; rejects lists of lists and mixed element types. */
export function elementsAreMaps(...lists: readonly (readonly unknown[])[]): boolean {
  let kind: string | undefined;
  for (const l of lists) {
    for (const v of l) {
      const k = jsonKind(v);
      if (k === 'array') throw errListOfLists();
      if (kind !== undefined && kind !== k) throw badRequest(`list element types are not identical: ${show(lists)}`);
      kind = k;
    }
  }
  return kind === 'object';
}

function indexIn(list: readonly unknown[], item: unknown, keyOf: KeyOf): number {
  const k = keyOf(item);
  return list.findIndex((x) => sameValue(keyOf(x), k));
}

/** Splits items into those whose identity appears in `by` and the rest, keeping their relative order. */
export function partition(items: readonly unknown[], by: readonly unknown[], keyOf: KeyOf): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const x of items) (indexIn(by, x, keyOf) >= 0 ? inBy : rest).push(x);
  return [inBy, rest];
}

function sortBy(items: readonly unknown[], order: readonly unknown[], keyOf: KeyOf): unknown[] {
  return items
    .map((x, i) => ({ x, i, at: indexIn(order, x, keyOf) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((e) => e.x);
}

/**
 * Upstream's order for a merged list: patch items follow `patchOrder`, server-only items follow
 * `serverOrder`, and the two are interleaved so that a server-only item goes first only when it came
 * before the next patch item in the live list. New items therefore land ahead of later server-only items.
 */
export function normalizeOrder(patchItems: readonly unknown[], serverOnly: readonly unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], keyOf: KeyOf): unknown[] {
  const right = sortBy(patchItems, patchOrder, keyOf);
  const left = sortBy(serverOnly, serverOrder, keyOf);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], keyOf);
      const ri = indexIn(serverOrder, right[j], keyOf);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

function mergePrimitives(original: readonly unknown[], patch: readonly unknown[]): unknown[] {
  const merged: unknown[] = [];
  for (const v of [...original, ...patch]) if (!merged.some((m) => sameValue(m, v))) merged.push(v);
  const keyOf = keyOfFor(undefined);
  const [patchItems, serverOnly] = partition(merged, patch, keyOf);
  return normalizeOrder(patchItems, serverOnly, patch, original, keyOf);
}

function mergeMaps(original: readonly unknown[], patch: readonly unknown[], mergeKey: string, mergeElement: ElementMerger): unknown[] {
  let base = [...original];
  let regular: JsonObject[] = [];
  let replace = false;
  for (const p of patch) {
    const el = p as JsonObject; // elementsAreMaps checked the kind
    if (!hasOwn(el, patchDirective)) {
      regular.push(el);
      continue;
    }
    const directive = el[patchDirective];
    if (directive === 'delete') {
      if (!hasOwn(el, mergeKey)) throw errNoMergeKey(el, mergeKey);
      base = base.filter((o) => !(isObject(o) && hasOwn(o, mergeKey) && sameValue(o[mergeKey], el[mergeKey])));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw badRequest('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, el);
    }
  }
  if (replace) {
    base = regular.map((r) => stripDirectives(r, { dropNulls: true }));
    regular = [];
  }
  const merged = [...base];
  for (const p of regular) {
    if (!hasOwn(p, mergeKey)) throw errNoMergeKey(p, mergeKey);
    const idx = merged.findIndex((o, i) => {
      if (!isObject(o)) throw badRequest(`value for key ${i} is not a map`);
      return hasOwn(o, mergeKey) && sameValue(o[mergeKey], p[mergeKey]);
    });
    const current = merged[idx];
    if (idx >= 0 && isObject(current)) merged[idx] = mergeElement(current, p);
    else merged.push(stripDirectives(p, { dropNulls: true }));
  }
  const keyOf = keyOfFor(mergeKey);
  for (const m of merged) if (!isObject(m) || !hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
  const [patchItems, serverOnly] = partition(merged, regular, keyOf);
  return normalizeOrder(patchItems, serverOnly, regular, base, keyOf);
}

/**
 * Merges a patch list into an original list whose field has the merge strategy.
 * `fieldName` is used in messages only.
 */
export function mergeList(original: readonly unknown[], patch: readonly unknown[], mergeKey: string | undefined, fieldName: string, mergeElement: ElementMerger): unknown[] {
  if (original.length === 0 && patch.length === 0) return [];
  if (!elementsAreMaps(original, patch)) return mergePrimitives(original, patch);
  if (!mergeKey) throw badRequest(`cannot merge lists without merge key for ${fieldName}`);
  return mergeMaps(original, patch, mergeKey, mergeElement);
}

/** `$deleteFromPrimitiveList/<field>`: removes every listed value from the original list. */
export function deleteFromList(original: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  return original.filter((v) => !toDelete.some((d) => sameValue(d, v)));
}

/**
 * Checks that the non-deleting patch items appear in `$setElementOrder` in the same relative order,
 * and that every patch item is listed there.
 */
export function validateAgainstOrder(patch: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined): void {
  if (order.length === 0 || patch.length === 0) return;
  const items = mergeKey ? patch.filter((p) => !(isObject(p) && p[patchDirective] === 'delete')) : [...patch];
  const keyOf = keyOfFor(mergeKey);
  let pi = 0;
  let si = 0;
  while (pi < items.length && si < order.length) {
    const p = items[pi];
    if (isObject(p) && hasOwn(p, patchDirective)) {
      pi++;
      continue;
    }
    if (mergeKey) {
      for (const m of [p, order[si]]) if (!isObject(m) || !hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    }
    if (sameValue(keyOf(p), keyOf(order[si]))) pi++;
    si++;
  }
  if (pi < items.length) {
    throw badRequest(`The order in patch list:\n${show(patch)}\n doesn't match $setElementOrder list:\n${show(order)}\n`);
  }
}
