// Strategic merge patch directives: their names, recognising them, and removing them from values
// that are copied into the result without merging.
import { ApiError, badRequest } from '../errors.js';
import { hasOwn, isObject, jsonEqual, patchNotApplicable, show, type JsonObject } from './json-value.js';

export const patchDirective = '$patch';
export const retainKeysDirective = '$retainKeys';
export const setElementOrderPrefix = '$setElementOrder';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';

/** True for keys that are directives rather than data. Other `$` keys (e.g. a CRD schema's `$ref`) are data. */
export function isDirectiveKey(k: string): boolean {
  return k === patchDirective || k === retainKeysDirective || k.startsWith(setElementOrderPrefix) || k.startsWith(deleteFromPrimitiveListPrefix);
}

/** The field named by a `$setElementOrder/<field>` or `$deleteFromPrimitiveList/<field>` key. */
export function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === setElementOrderPrefix ? errBadSetElementOrder() : errBadPrimitiveList();
  }
  return key.slice(slash + 1);
}

// Error constructors, with upstream's messages (k8s.io/apimachinery/pkg/util/mergepatch).
export const errBadPrimitiveList = (): ApiError => badRequest('invalid patch format of primitive list');
export const errBadRetainKeys = (): ApiError => badRequest('invalid patch format of retainKeys');
export const errBadSetElementOrder = (): ApiError => badRequest('invalid patch format of setElementOrder list');
export const errListOfLists = (): ApiError => patchNotApplicable('lists of lists are not supported');
export const errNoMergeKey = (m: unknown, key: string): ApiError => badRequest(`map: ${show(m)} does not contain declared merge key: ${key}`);
export const errBadPatchType = (t: unknown, m: unknown): ApiError => badRequest(`unknown patch type: ${String(t)} in map: ${show(m)}`);
export const errExpectedList = (v: unknown): ApiError => badRequest(`expected a list, but received ${show(v)}`);

/** Options for stripDirectives. */
export interface StripOptions {
  /** Also drop object members whose value is null (what upstream does to values new to the document). */
  readonly dropNulls?: boolean;
}

const dropped = Symbol('dropped');

function strip(v: unknown, dropNulls: boolean): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    // A list element carrying `$patch` is an instruction, never data.
    for (const x of v) if (!(isObject(x) && hasOwn(x, patchDirective))) out.push(strip(x, dropNulls));
    return out;
  }
  if (!isObject(v)) return v;
  if (v[patchDirective] === 'delete') return dropped;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (isDirectiveKey(k) || (dropNulls && x === null)) continue;
    const s = strip(x, dropNulls);
    if (s !== dropped) out[k] = s;
  }
  return out;
}

/**
 * Returns a copy of v without strategic-merge directives: directive keys are removed, list elements
 * carrying `$patch` are removed, and a map marked `$patch: delete` is removed from its parent
 * (undefined when v itself is such a map). `$patch: replace` maps keep their content.
 */
export function stripDirectives(v: unknown, opts: StripOptions = {}): unknown {
  const s = strip(v, opts.dropNulls ?? false);
  return s === dropped ? undefined : s;
}

/** Equality used for merge-key values and primitive list members (Go's == on decoded JSON). */
export const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && jsonEqual(a, b));
