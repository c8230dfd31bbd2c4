// Small readers and checks over decoded JSON objects, shared by the per-kind rules of the non-core groups.
// Kept dependency-free apart from meta's FieldError constructors; a candidate to move into api/meta.
import { invalid, type FieldError, type FieldPath } from '../../meta/index.js';

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value when it is an object, otherwise an empty object (never stored). */
export function rec(v: unknown): Json {
  return isRecord(v) ? v : {};
}

/** The array when it is one, otherwise an empty array. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** obj[key] as an object, created (and stored) when absent or not an object. */
export function child(obj: Json, key: string): Json {
  const v = obj[key];
  if (isRecord(v)) return v;
  const created: Json = {};
  obj[key] = created;
  return created;
}

/** Sets obj[key] when it is absent or null (upstream: "if field == nil"). */
export function setDefault(obj: Json, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets obj[key] when it is absent, null or "" (upstream: "if field == \"\"" for plain strings). */
export function setDefaultString(obj: Json, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A label/annotation map, or undefined when absent or not a string map. */
export function strMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Structural equality of decoded JSON; absent and undefined members are equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
  return true;
}

/** upstream ValidateNonnegativeField: only checked when the value is a number. */
export function nonNegative(value: unknown, path: FieldPath): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** upstream ValidatePositiveField-style check ("must be greater than 0"). */
export function positive(value: unknown, path: FieldPath): FieldError[] {
  return typeof value === 'number' && value <= 0 ? [invalid(path, value, 'must be greater than 0')] : [];
}

/** upstream ValidateImmutableField. */
export function immutable(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  return deepEqual(next, prev) ? [] : [invalid(path, next, 'field is immutable')];
}
