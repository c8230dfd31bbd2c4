// Small helpers over plain JSON values: type guards, simple field paths and the values at them, deep equality,
// Go-like type names for messages, and the 422 upstream returns for patch failures.
import { ApiError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `.spec.replicas` → ['spec', 'replicas']: a simple field path (a CRD's scale paths and selectable fields). */
export function simplePath(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.').filter((p) => p !== '');
}

/** The value at a path of object keys (`['spec', 'replicas']`); undefined where the path leaves the objects. */
export function valueAtPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export const hasOwn = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Structural equality of two JSON values (object key order is ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The JSON kind of a value, as Go's encoding/json names it in error messages. */
export function jsonKind(v: unknown): 'object' | 'array' | 'string' | 'number' | 'bool' | 'null' {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' ? 'number' : 'string';
}

/** Compact rendering of a value for error messages. */
export const show = (v: unknown): string => JSON.stringify(v) ?? 'null';

/**
 * The 422 kube-apiserver answers when a patch cannot be applied: upstream builds it with
 * NewGenericServerResponse, which keeps only the generic message; the detail goes in `cause` for logs.
 */
export function patchNotApplicable(detail: string): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {}, { cause: new Error(detail) });
}
