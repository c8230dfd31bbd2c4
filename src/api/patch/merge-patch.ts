// RFC 7386 JSON Merge Patch: objects merge recursively, null deletes a key, everything else replaces.
// Never mutates its inputs.
import { badRequest } from '../errors.js';
import { isObject, type JsonObject } from './json-value.js';

function merge(doc: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(doc) ? { ...doc } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/**
 * Applies a JSON merge patch to doc. A top-level `null` patch is rejected with 400 "Invalid JSON Patch",
 * as upstream's json-patch library does; any other non-object patch replaces the document.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) throw badRequest('Invalid JSON Patch');
  return merge(structuredClone(doc), patch);
}
