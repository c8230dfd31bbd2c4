// Serialized JSON of immutable (frozen, cache-owned) objects, computed once per object.

const cache = new WeakMap<object, string>();

/** JSON.stringify, memoized for frozen objects (watch-cache entries never change once stored). */
export function jsonOf(obj: object): string {
  if (!Object.isFrozen(obj)) return JSON.stringify(obj);
  let s = cache.get(obj);
  if (s === undefined) {
    s = JSON.stringify(obj);
    cache.set(obj, s);
  }
  return s;
}
