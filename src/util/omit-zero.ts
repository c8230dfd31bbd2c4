// Upstream's omitempty on integer fields: the named fields are dropped when zero (or absent).
export function withoutZeros<T extends object>(o: T, keys: readonly (keyof T)[]): T {
  const out = { ...o };
  for (const k of keys) if (!out[k]) delete out[k];
  return out;
}
