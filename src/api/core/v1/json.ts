// Small accessors for untyped JSON objects inside core/v1 defaulting and validation.
import { semanticEqual } from '../../meta/equality.js';

export type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
export const rec = (v: unknown): Rec => (isRec(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The string value, or '' (Go's zero value) when absent. */
export const s0 = (v: unknown): string => (typeof v === 'string' ? v : '');
/** The child object at key, created when absent. */
export function child(o: Rec, key: string): Rec {
  if (!isRec(o[key])) o[key] = {};
  return o[key] as Rec;
}
/** Sets a default when the field is absent, null or ''. */
export function setDefault(o: Rec, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}
/** Sets a default when the (non-pointer) number field is absent or 0. */
export function setDefaultNumber(o: Rec, key: string, value: number): void {
  if (o[key] === undefined || o[key] === null || o[key] === 0) o[key] = value;
}
/** Semantic equality (key order ignored, absent ≡ null ≡ empty list/map). */
export const deepEqual = semanticEqual;
/** The non-empty source fields of a union such as a volume source. */
export const presentKeys = (o: Rec, keys: readonly string[]): string[] => keys.filter((k) => o[k] !== undefined && o[k] !== null);
