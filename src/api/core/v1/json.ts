// Small accessors for untyped JSON objects inside core/v1 defaulting and validation.
export type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
export const rec = (v: unknown): Rec => (isRec(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The child object at key, created when absent. */
export function child(o: Rec, key: string): Rec {
  if (!isRec(o[key])) o[key] = {};
  return o[key] as Rec;
}
export function setDefault(o: Rec, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}
export const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
