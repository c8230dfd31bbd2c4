// MemoryStore: the Store contract in memory (tests, throwaway clusters). Keeps an event log for
// watch-from-revision and list-at-revision until compaction. Layer 1: imports nothing above storage.
import { StorageError } from '../errors.js';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, WatchOptions } from '../store.js';
import { Watchers } from '../watchers.js';

/** No settings yet; the object keeps the constructor shape of the other backends. */
export type MemoryStoreOptions = Readonly<Record<never, never>>;

export class MemoryStore implements Store {
  readonly #current = new Map<string, KeyValue>();
  /** Every event after the compact revision, in revision order. */
  #log: StoreEvent[] = [];
  #rev = 0;
  #compacted = 0;
  readonly #watchers = new Watchers();

  constructor(_options: MemoryStoreOptions = {}) {}

  async get(key: string): Promise<KeyValue | undefined> {
    return this.#current.get(key);
  }

  #commit(ev: StoreEvent): void {
    if (ev.type === 'put') this.#current.set(ev.kv.key, ev.kv);
    else this.#current.delete(ev.kv.key);
    this.#log.push(ev);
    this.#watchers.emit(ev);
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    if (this.#current.has(key)) throw new StorageError('KeyExists', key);
    const rev = ++this.#rev;
    // Copy (Uint8Array.from, not slice: Buffer#slice is a view): the caller keeps its buffer, the store its bytes.
    const kv: KeyValue = { key, value: Uint8Array.from(value), createRevision: rev, modRevision: rev };
    this.#commit({ type: 'put', kv, prevKv: undefined });
    return kv;
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    const prev = this.#current.get(key);
    if (!prev) throw new StorageError('KeyNotFound', key);
    if (prev.modRevision !== expectedModRevision) throw new StorageError('RevisionMismatch', key, prev.modRevision);
    const kv: KeyValue = { key, value: Uint8Array.from(value), createRevision: prev.createRevision, modRevision: ++this.#rev };
    this.#commit({ type: 'put', kv, prevKv: prev });
    return kv;
  }

  async delete(key: string, expectedModRevision = 0): Promise<KeyValue> {
    const prev = this.#current.get(key);
    if (!prev) throw new StorageError('KeyNotFound', key);
    if (expectedModRevision && prev.modRevision !== expectedModRevision) throw new StorageError('RevisionMismatch', key, prev.modRevision);
    const kv: KeyValue = { key, value: prev.value, createRevision: prev.createRevision, modRevision: ++this.#rev };
    this.#commit({ type: 'delete', kv, prevKv: prev });
    return kv;
  }

  /** The key/value map as of revision (current state when revision is 0 or not in the past). */
  #stateAt(revision: number, prefix: string): Map<string, KeyValue> {
    if (revision === 0 || revision >= this.#rev) return this.#current;
    if (revision < this.#compacted) throw new StorageError('Compacted', prefix, this.#compacted);
    // Roll the current state back by undoing the events newer than revision, newest first.
    const state = new Map(this.#current);
    for (let i = this.#log.length - 1; i >= 0; i--) {
      const ev = this.#log[i];
      if (!ev || ev.kv.modRevision <= revision) break;
      if (ev.prevKv) state.set(ev.kv.key, ev.prevKv);
      else state.delete(ev.kv.key);
    }
    return state;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision && options.revision < this.#rev ? options.revision : this.#rev;
    const state = this.#stateAt(options.revision ?? 0, prefix);
    const after = options.startAfter;
    const kvs: KeyValue[] = [];
    for (const [k, kv] of state) if (k.startsWith(prefix) && (after === undefined || k > after)) kvs.push(kv);
    // Default sort compares UTF-16 code units, the order the Store contract promises.
    kvs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const limit = options.limit ?? 0;
    const more = limit > 0 && kvs.length > limit;
    return { kvs: more ? kvs.slice(0, limit) : kvs, revision, more };
  }

  async count(prefix: string): Promise<number> {
    let n = 0;
    for (const k of this.#current.keys()) if (k.startsWith(prefix)) n++;
    return n;
  }

  async watch(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions): Promise<void> {
    this.#watchers.subscribe(prefix, handler, options, this.#compacted, (after) => this.#log.filter((ev) => ev.kv.modRevision > after));
  }

  async currentRevision(): Promise<number> {
    return this.#rev;
  }

  async compact(revision: number): Promise<void> {
    if (revision > this.#rev) throw new RangeError(`Cannot compact at revision ${revision}: the current revision is ${this.#rev}`);
    if (revision <= this.#compacted) return;
    this.#log = this.#log.filter((ev) => ev.kv.modRevision > revision);
    this.#compacted = revision;
  }

  async compactedRevision(): Promise<number> {
    return this.#compacted;
  }

  async close(): Promise<void> {
    this.#watchers.clear();
  }
}
