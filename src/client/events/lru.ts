// LruMap: a Map bounded to its most recently used entries, as client-go's event caches (dedup, similar
// events, spam buckets) are. Used by the event recorder only.

export interface LruMapOptions {
  /** Entries kept; setting one more forgets the least recently used. */
  maxEntries: number;
}

export class LruMap<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  constructor(options: LruMapOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError(`Cannot create an LruMap of ${options.maxEntries} entries: expected a positive integer`);
    this.#max = options.maxEntries;
  }

  get size(): number {
    return this.#map.size;
  }

  /** Returns the value and marks the key as the most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    // A Map iterates in insertion order, so re-inserting moves the key to the young end.
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size <= this.#max) return;
    const oldest = this.#map.keys().next();
    if (!oldest.done) this.#map.delete(oldest.value);
  }
}
