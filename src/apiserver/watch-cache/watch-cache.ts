// WatchCache: one per stored resource. Mirrors the store in memory (decoded objects), keeps a window
// of recent events, serves LIST and WATCH from memory, and answers 410 for versions older than the window.
import type { Store, StoreEvent } from '../../storage/index.js';
import type { KubeObject } from '../../api/index.js';
import { gone } from '../../api/index.js';
import { deepFreeze } from '../../util/index.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEntry {
  readonly key: string;
  /** Decoded, frozen object with metadata.resourceVersion set. */
  readonly object: KubeObject;
  readonly rv: number;
}

export interface CacheEvent {
  readonly type: WatchEventType;
  readonly key: string;
  readonly object: KubeObject;
  /** The object before this event (for DELETED and MODIFIED), used for selector transitions. */
  readonly prev: KubeObject | undefined;
  readonly rv: number;
}

/** Decodes a stored value; throws (an ApiError) when it cannot, e.g. an encrypted value without its key. */
export type Decoder = (bytes: Uint8Array, rv: number, key: string) => KubeObject;

export interface WatchCacheOptions {
  store: Store;
  prefix: string;
  decode: Decoder;
  /** How many events to keep for watch resumption. */
  capacity?: number;
  /** How many store revisions of history to replay at start (resumable watches across restarts). */
  replayRevisions?: number;
}

type Listener = (ev: CacheEvent) => void;


export class WatchCache implements AsyncDisposable {
  readonly #store: Store;
  readonly #prefix: string;
  readonly #decode: Decoder;
  readonly #capacity: number;
  readonly #replayRevisions: number;
  readonly #objects = new Map<string, CacheEntry>();
  /** Keys whose current value could not be decoded, with the error: LIST fails while one is in range. */
  readonly #undecodable = new Map<string, unknown>();
  #sorted: CacheEntry[] | undefined;
  readonly #history: CacheEvent[] = [];
  /** Events with rv > #historyFrom are all in #history. */
  #historyFrom = 0;
  #rv = 0;
  readonly #listeners = new Set<Listener>();
  readonly #abort = new AbortController();
  #ready: Promise<void> | undefined;

  constructor(options: WatchCacheOptions) {
    this.#store = options.store;
    this.#prefix = options.prefix;
    this.#decode = options.decode;
    this.#capacity = options.capacity ?? 20_000;
    this.#replayRevisions = options.replayRevisions ?? 5_000;
  }

  /** Loads the current state and subscribes. Idempotent; awaits the first load. */
  start(): Promise<void> {
    this.#ready ??= this.#load();
    return this.#ready;
  }

  async #load(): Promise<void> {
    // Start from a past revision and replay the store's log from there, so clients can resume watches
    // from resourceVersions they saw before a restart (as long as the log still has them).
    const current = await this.#store.currentRevision();
    const start = Math.max(await this.#store.compactedRevision(), current - this.#replayRevisions, 0);
    // Revision 0 is the empty store: replaying the whole log rebuilds the state.
    const list = start === 0 ? { kvs: [], revision: 0, more: false } : await this.#store.list(this.#prefix, start < current ? { revision: start } : {});
    for (const kv of list.kvs) {
      const obj = this.#tryDecode(kv.key, kv.value, kv.modRevision);
      if (obj) this.#objects.set(kv.key, { key: kv.key, object: obj, rv: kv.modRevision });
    }
    this.#rv = list.revision;
    this.#historyFrom = list.revision;
    await this.#store.watch(this.#prefix, (ev) => this.#onStoreEvent(ev), { afterRevision: list.revision, signal: this.#abort.signal });
    this.#rv = Math.max(this.#rv, current);
  }

  /** The decoded, frozen object; undefined (and the key remembered as undecodable) when decoding throws. */
  #tryDecode(key: string, value: Uint8Array, rv: number): KubeObject | undefined {
    try {
      const obj = deepFreeze(this.#decode(value, rv, key));
      this.#undecodable.delete(key);
      return obj;
    } catch (e: unknown) {
      this.#undecodable.set(key, e);
      return undefined;
    }
  }

  #onStoreEvent(ev: StoreEvent): void {
    const key = ev.kv.key;
    const rv = ev.kv.modRevision;
    const prevEntry = this.#objects.get(key);
    let out: CacheEvent;
    if (ev.type === 'put') {
      const obj = this.#tryDecode(key, ev.kv.value, rv);
      if (!obj) {
        // Unreadable now (e.g. written with a key this server lacks): watchers keep their last state of it.
        if (prevEntry) { this.#objects.delete(key); this.#sorted = undefined; }
        this.#rv = rv;
        return;
      }
      this.#objects.set(key, { key, object: obj, rv });
      out = { type: prevEntry ? 'MODIFIED' : 'ADDED', key, object: obj, prev: prevEntry?.object, rv };
    } else {
      // The DELETED event carries the last state with the delete's resourceVersion, as upstream.
      const obj = this.#tryDecode(key, ev.kv.value, rv);
      this.#undecodable.delete(key);
      this.#objects.delete(key);
      if (!obj) {
        if (prevEntry) this.#sorted = undefined;
        this.#rv = rv;
        return;
      }
      out = { type: 'DELETED', key, object: obj, prev: prevEntry?.object, rv };
    }
    if (!prevEntry || ev.type === 'delete') this.#sorted = undefined;
    else if (this.#sorted) this.#sorted = undefined;
    this.#rv = rv;
    this.#history.push(out);
    // Trim in batches (a quarter of the capacity at a time): dropping one event per write would move the
    // whole array on every event.
    if (this.#history.length > this.#capacity + (this.#capacity >> 2)) {
      const dropped = this.#history.splice(0, this.#history.length - this.#capacity);
      this.#historyFrom = dropped[dropped.length - 1]!.rv;
    }
    for (const l of this.#listeners) l(out);
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  get(key: string): CacheEntry | undefined {
    return this.#objects.get(key);
  }

  /** The error of the first object under keyPrefix whose stored value cannot be decoded, if any. */
  undecodable(keyPrefix = this.#prefix): unknown {
    for (const [key, error] of this.#undecodable) if (key.startsWith(keyPrefix)) return error;
    return undefined;
  }

  get size(): number {
    return this.#objects.size;
  }

  /** All entries under keyPrefix, sorted by key. */
  list(keyPrefix = this.#prefix): CacheEntry[] {
    this.#sorted ??= [...this.#objects.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (keyPrefix === this.#prefix) return this.#sorted;
    return this.#sorted.filter((e) => e.key.startsWith(keyPrefix));
  }

  /**
   * Subscribes from a resourceVersion: rv 0 sends the current state as ADDED first; a later rv replays
   * history after it. Throws 410 Expired when rv is older than the kept window.
   */
  watch(fromRv: number, listener: Listener): Disposable {
    const initial: CacheEvent[] = [];
    if (fromRv === 0) {
      for (const e of this.list()) initial.push({ type: 'ADDED', key: e.key, object: e.object, prev: undefined, rv: e.rv });
    } else {
      if (fromRv < this.#historyFrom) throw gone(`too old resource version: ${fromRv} (${this.#historyFrom + 1})`);
      for (const ev of this.#history) if (ev.rv > fromRv) initial.push(ev);
    }
    for (const ev of initial) listener(ev);
    this.#listeners.add(listener);
    return { [Symbol.dispose]: () => { this.#listeners.delete(listener); } };
  }

  get watcherCount(): number {
    return this.#listeners.size;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#abort.abort();
    this.#listeners.clear();
  }
}
