// Strategic merge patch (upstream k8s.io/apimachinery strategicpatch semantics): maps merge recursively,
// lists follow their field's patch strategy, and the $patch / $retainKeys / $setElementOrder /
// $deleteFromPrimitiveList directives are honoured and never left in the result.
import { badRequest } from '../errors.js';
import { hasOwn, isObject, type JsonObject } from './json-value.js';
import type { PatchMeta } from './patch-meta.js';
import {
  deleteFromPrimitiveListPrefix, directiveField, errBadPatchType, errBadRetainKeys, errBadSetElementOrder,
  errExpectedList, errNoMergeKey, patchDirective, retainKeysDirective, setElementOrderPrefix, stripDirectives,
} from './smp-directives.js';
import { deleteFromList, elementsAreMaps, keyOfFor, mergeList, normalizeOrder, partition, validateAgainstOrder } from './smp-list.js';

export { stripDirectives } from './smp-directives.js';

/** The meta of a map member: a struct's field, or a map's value type. Unknown → undefined. */
function memberMeta(meta: PatchMeta | undefined, key: string): PatchMeta | undefined {
  if (meta?.kind === 'struct') return meta.field(key);
  if (meta?.kind === 'map') return meta.elem();
  return undefined;
}

const isMergeList = (m: PatchMeta | undefined): boolean => m?.kind === 'list' && (m.strategy === 'merge' || m.strategy === 'merge,retainKeys');

/** A value new to the document: directives and nulls are dropped; undefined means "leave the key out". */
const fresh = (v: unknown): unknown => stripDirectives(v, { dropNulls: true });

/** Merges a patch list into an original list according to the field's strategy. */
function mergeListField(original: unknown[], patch: unknown[], meta: PatchMeta | undefined, name: string): unknown[] {
  if (!isMergeList(meta)) return fresh(patch) as unknown[];
  const elem = meta?.elem();
  return mergeList(original, patch, meta?.mergeKey, name, (o, p) => mergeMap(o, p, elem));
}

/** Merges one member value; undefined means the key is removed. */
function mergeMember(original: unknown, patch: unknown, meta: PatchMeta | undefined, name: string): unknown {
  if (original === undefined || original === null) return fresh(patch);
  if (isObject(original) && isObject(patch)) return meta?.strategy === 'replace' ? fresh(patch) : mergeMap(original, patch, meta);
  if (Array.isArray(original) && Array.isArray(patch)) return mergeListField(original, patch, meta, name);
  return fresh(patch);
}

/** `$retainKeys`: every key the patch sets must be listed; keys of the original not listed are cleared. */
function applyRetainKeys(out: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw errBadRetainKeys();
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k === retainKeysDirective || k.startsWith(setElementOrderPrefix) || k.startsWith(deleteFromPrimitiveListPrefix)) continue;
    if (!retain.includes(k)) throw errBadRetainKeys();
  }
  for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
}

/**
 * `$setElementOrder/<field>`: merges the field's patch list (if any), then orders the result:
 * listed items in the directive's order, interleaved with server-only items by their live order.
 * Returns the field name handled.
 */
function applySetElementOrder(out: JsonObject, patch: JsonObject, key: string, meta: PatchMeta | undefined): string {
  const field = directiveField(key, setElementOrderPrefix);
  const order = patch[key];
  if (!Array.isArray(order)) throw errBadSetElementOrder();
  const fm = memberMeta(meta, field);
  const mergeKey = fm?.kind === 'list' ? fm.mergeKey : undefined;
  const original = out[field];
  const patchList = patch[field];
  if (original !== undefined && original !== null && !Array.isArray(original)) throw errExpectedList(original);
  if (patchList !== undefined && !Array.isArray(patchList)) throw errExpectedList(patchList);
  validateAgainstOrder(patchList ?? [], order, mergeKey);
  if (!Array.isArray(original) && patchList === undefined) return field;
  const merged = !Array.isArray(original) ? (fresh(patchList) as unknown[])
    : patchList === undefined ? original
    : mergeListField(original, patchList, fm, field);
  const live = Array.isArray(original) ? original : [];
  const byKey = mergeKey !== undefined && elementsAreMaps(live, patchList ?? []);
  if (byKey) for (const o of order) if (!isObject(o) || !hasOwn(o, mergeKey)) throw errNoMergeKey(o, mergeKey);
  const keyOf = keyOfFor(byKey ? mergeKey : undefined);
  const [listed, serverOnly] = partition(merged, order, keyOf);
  out[field] = normalizeOrder(listed, serverOnly, order, live, keyOf);
  return field;
}

function mergeMap(original: JsonObject | undefined, patch: JsonObject, meta: PatchMeta | undefined): JsonObject {
  if (hasOwn(patch, patchDirective)) {
    const directive = patch[patchDirective];
    if (directive === 'replace') return fresh(patch) as JsonObject;
    if (directive === 'delete') return {};
    throw errBadPatchType(directive, patch);
  }
  const out: JsonObject = { ...original };
  applyRetainKeys(out, patch);
  const handled = new Set<string>();
  for (const key of Object.keys(patch)) {
    if (key.startsWith(setElementOrderPrefix)) handled.add(applySetElementOrder(out, patch, key, meta));
  }
  const deletions: [string, unknown][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === retainKeysDirective || k.startsWith(setElementOrderPrefix) || handled.has(k)) continue;
    if (k.startsWith(deleteFromPrimitiveListPrefix)) {
      deletions.push([directiveField(k, deleteFromPrimitiveListPrefix), v]);
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const merged = mergeMember(out[k], v, memberMeta(meta, k), k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  for (const [field, values] of deletions) {
    if (!Array.isArray(values)) throw errExpectedList(values);
    const current = out[field];
    if (Array.isArray(current)) out[field] = deleteFromList(current, values);
  }
  return out;
}

/**
 * Applies a strategic merge patch to doc and returns the result; neither input is mutated.
 * meta describes doc's type (use unknownMeta when there is none: maps merge, lists replace).
 * Throws ApiError 400 for malformed patches and directives, 422 for lists of lists (as upstream).
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, meta: PatchMeta): unknown {
  if (!isObject(patch)) throw badRequest('invalid JSON document');
  return mergeMap(isObject(doc) ? structuredClone(doc) : {}, patch, meta);
}
