// EtcdStore: the Store contract on etcd v3, laid out as kube-apiserver does (resourceVersion = the
// etcd mod_revision, writes as transactions compared on mod_revision / create_revision). One etcd
// watch over the whole key prefix feeds every Store watch and an in-memory EventLog; each write
// resolves only after that watch delivered it, so handlers run before the write's promise settles.
import * as grpc from '@grpc/grpc-js';
import { StorageError } from '../errors.js';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, WatchOptions } from '../store.js';
import { Watchers } from '../watchers.js';
import { EtcdClient, isGrpcError, type EtcdTls } from './etcd-client.js';
import { EtcdLayout, keyAfter } from './etcd-keys.js';
import type { PbEvent, PbHashKVResponse, PbKeyValue, PbRangeResponse, PbTxnResponse } from './etcd-proto.js';
import { openWatch, type EtcdWatch } from './etcd-watch.js';
import { EventLog } from './event-log.js';

export interface EtcdStoreOptions {
  /** host:port of each member (failover in this order). */
  readonly endpoints: readonly string[];
  readonly tls?: EtcdTls;
  /** Prepended to every key (default ''; Skiff's keys already start with `/registry/`). */
  readonly keyPrefix?: string;
  /** Subtracted from etcd revisions (default 0: resourceVersion = mod_revision). Tests sharing one etcd set it. */
  readonly revisionBase?: number;
  /** Recent events kept in memory for watches that start in the past (default 10 000). */
  readonly historyEvents?: number;
}

const EVERY_KEY = { key: new Uint8Array([0]), range_end: new Uint8Array([0]) };
const compareBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);

/** The current revision of an etcd cluster (for tests that give each store its own revisionBase). */
export async function etcdRevision(endpoints: readonly string[], tls?: EtcdTls): Promise<number> {
  const client = new EtcdClient({ endpoints, ...(tls ? { tls } : {}) });
  try {
    return (await client.call<PbRangeResponse>('range', { key: EVERY_KEY.key, count_only: true })).header.revision;
  } finally {
    client.close();
  }
}

export class EtcdStore implements Store {
  readonly #client: EtcdClient;
  readonly #layout: EtcdLayout;
  readonly #watchers = new Watchers();
  readonly #historyEvents: number;
  readonly #ready: Promise<void>;
  #log = new EventLog(0, 1);
  /** Highest etcd revision the store-wide watch delivered. */
  #delivered = 0;
  #waiters: { rev: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  /** etcd's compact revision as last known (etcd revision). */
  #compacted = 0;
  #feed: EtcdWatch | undefined;
  #history: Promise<void> = Promise.resolve();
  readonly #keyWrites = new Map<string, Promise<void>>();
  #closed = false;
  #failure: Error | undefined;

  constructor(options: EtcdStoreOptions) {
    this.#client = new EtcdClient({ endpoints: options.endpoints, ...(options.tls ? { tls: options.tls } : {}) });
    this.#layout = new EtcdLayout(options.keyPrefix ?? '', options.revisionBase ?? 0);
    this.#historyEvents = options.historyEvents ?? 10_000;
    this.#ready = this.#start();
    this.#ready.catch(() => undefined);
  }

  async #start(): Promise<void> {
    const rev = await this.#etcdRevision();
    this.#delivered = rev;
    this.#log = new EventLog(this.#layout.fromEtcdRevision(rev), this.#historyEvents);
    await this.#refreshCompacted();
    await this.#startFeed(rev + 1);
  }

  /** The store-wide watch from `startRevision`; reopens (on the next endpoint) when the stream fails. */
  #startFeed(startRevision: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let created = false;
      this.#feed = openWatch(this.#client, { ...this.#layout.range(''), start_revision: startRevision, progress_notify: true }, {
        created: () => { created = true; resolve(); },
        events: (evs) => this.#onFeed(evs),
        // etcd's progress notifications (as kube-apiserver's watch cache asks for them): the range is delivered up
        // to that revision, which writes outside the store's prefix move on.
        progress: (revision) => { this.#delivered = Math.max(this.#delivered, revision); this.#onFeed([]); },
        ended: ({ compactRevision, error }) => {
          if (this.#closed) return;
          if (compactRevision) {
            // Missed history: watchers cannot be told; the store stops accepting writes it cannot confirm.
            this.#fail(new StorageError('Compacted', this.#layout.keyPrefix, this.#layout.fromEtcdRevision(compactRevision)));
            if (!created) reject(this.#failure);
            return;
          }
          if (!created) { reject(toStorageError(error, this.#layout.keyPrefix)); return; }
          this.#client.failover();
          setTimeout(() => { if (!this.#closed) this.#startFeed(this.#delivered + 1).catch(() => undefined); }, 200).unref();
        },
      });
    });
  }

  #onFeed(evs: PbEvent[]): void {
    for (const pb of evs) {
      const ev = this.#toStoreEvent(pb);
      this.#delivered = Math.max(this.#delivered, pb.kv.mod_revision);
      if (!ev) continue;
      this.#log.append(ev);
      this.#watchers.emit(ev);
    }
    const ready = this.#waiters.filter((w) => w.rev <= this.#delivered);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.rev > this.#delivered);
    for (const w of ready) w.resolve();
  }

  #fail(e: Error): void {
    this.#failure = e;
    for (const w of this.#waiters) w.reject(e);
    this.#waiters = [];
  }

  /** Resolves once the store-wide watch delivered etcd revision `rev` (so watch handlers ran). */
  #delivery(rev: number): Promise<void> {
    if (rev <= this.#delivered) return Promise.resolve();
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => this.#waiters.push({ rev, resolve, reject }));
  }

  #toKv(pb: PbKeyValue, key: string): KeyValue {
    return { key, value: pb.value, createRevision: this.#layout.fromEtcdRevision(pb.create_revision), modRevision: this.#layout.fromEtcdRevision(pb.mod_revision) };
  }

  #toStoreEvent(pb: PbEvent): StoreEvent | undefined {
    const key = this.#layout.fromEtcdKey(pb.kv.key);
    if (key === undefined) return undefined;
    const prevKv = pb.prev_kv ? this.#toKv(pb.prev_kv, key) : undefined;
    if (pb.type === 'PUT') return { type: 'put', kv: this.#toKv(pb.kv, key), prevKv };
    const prev = prevKv ?? { key, value: new Uint8Array(), createRevision: 0, modRevision: 0 };
    return { type: 'delete', kv: { key, value: prev.value, createRevision: prev.createRevision, modRevision: this.#layout.fromEtcdRevision(pb.kv.mod_revision) }, prevKv: prev };
  }

  async #use(key: string): Promise<void> {
    if (this.#closed) throw new StorageError('Unavailable', key);
    try {
      await this.#ready;
    } catch (e: unknown) {
      throw toStorageError(e, key);
    }
  }

  async #call<Res>(method: 'range' | 'txn' | 'compact' | 'hashKV', request: object, key: string): Promise<Res> {
    await this.#use(key);
    try {
      return await this.#client.call<Res>(method, request);
    } catch (e: unknown) {
      if (isCompactedError(e)) {
        await this.#refreshCompacted().catch(() => undefined);
        throw new StorageError('Compacted', key, this.#layout.fromEtcdRevision(this.#compacted), { cause: e });
      }
      if (isGrpcError(e, grpc.status.OUT_OF_RANGE) && /future revision/.test(e.details)) throw new RangeError(`${key}: ${e.details}`);
      throw toStorageError(e, key);
    }
  }

  async #etcdRevision(): Promise<number> {
    return (await this.#client.call<PbRangeResponse>('range', { key: EVERY_KEY.key, count_only: true })).header.revision;
  }

  async #refreshCompacted(): Promise<void> {
    // HashKV answers etcd's compact revision (etcd ≥ 3.3); it is asked at start and after a Compacted error only.
    const res = await this.#client.call<PbHashKVResponse>('hashKV', { revision: 0 });
    this.#compacted = Math.max(this.#compacted, res.compact_revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const res = await this.#call<PbRangeResponse>('range', { key: this.#layout.toEtcdKey(key) }, key);
    const kv = res.kvs[0];
    return kv ? this.#toKv(kv, key) : undefined;
  }

  /**
   * Writes to one key go to etcd one at a time, in issue order (the first of two racing creates wins);
   * writes to different keys go concurrently, as kube-apiserver's own store sends them: etcd gives their
   * revisions in the order it applies them, and watchers see them in revision order.
   */
  #txn(key: string, request: object): Promise<PbTxnResponse> {
    const p = (this.#keyWrites.get(key) ?? Promise.resolve()).then(() => this.#call<PbTxnResponse>('txn', request, key));
    const tail = p.then(() => undefined, () => undefined);
    this.#keyWrites.set(key, tail);
    void tail.then(() => { if (this.#keyWrites.get(key) === tail) this.#keyWrites.delete(key); });
    return p;
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    const k = this.#layout.toEtcdKey(key);
    const res = await this.#txn(key, {
      compare: [{ result: 'EQUAL', target: 'CREATE', key: k, create_revision: 0 }],
      success: [{ request_put: { key: k, value } }],
    });
    if (!res.succeeded) throw new StorageError('KeyExists', key);
    await this.#delivery(res.header.revision);
    const rev = this.#layout.fromEtcdRevision(res.header.revision);
    return { key, value: Uint8Array.from(value), createRevision: rev, modRevision: rev };
  }

  /** The failure of a compared write: KeyNotFound, or RevisionMismatch with the key's modRevision. */
  #mismatch(key: string, res: PbTxnResponse): StorageError {
    const current = res.responses[0]?.response_range?.kvs[0];
    return current ? new StorageError('RevisionMismatch', key, this.#layout.fromEtcdRevision(current.mod_revision)) : new StorageError('KeyNotFound', key);
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    const k = this.#layout.toEtcdKey(key);
    const res = await this.#txn(key, {
      compare: [
        { result: 'GREATER', target: 'CREATE', key: k, create_revision: 0 },
        { result: 'EQUAL', target: 'MOD', key: k, mod_revision: this.#layout.toEtcdRevision(expectedModRevision) },
      ],
      success: [{ request_put: { key: k, value, prev_kv: true } }],
      failure: [{ request_range: { key: k, keys_only: true } }],
    });
    if (!res.succeeded) throw this.#mismatch(key, res);
    await this.#delivery(res.header.revision);
    const prev = res.responses[0]?.response_put?.prev_kv;
    return { key, value: Uint8Array.from(value), createRevision: prev ? this.#layout.fromEtcdRevision(prev.create_revision) : 0, modRevision: this.#layout.fromEtcdRevision(res.header.revision) };
  }

  async delete(key: string, expectedModRevision = 0): Promise<KeyValue> {
    const k = this.#layout.toEtcdKey(key);
    const compare = expectedModRevision
      ? { result: 'EQUAL', target: 'MOD', key: k, mod_revision: this.#layout.toEtcdRevision(expectedModRevision) }
      : { result: 'GREATER', target: 'CREATE', key: k, create_revision: 0 };
    const res = await this.#txn(key, {
      compare: [compare],
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k, keys_only: true } }],
    });
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!res.succeeded || !prev) throw this.#mismatch(key, res);
    await this.#delivery(res.header.revision);
    return { key, value: prev.value, createRevision: this.#layout.fromEtcdRevision(prev.create_revision), modRevision: this.#layout.fromEtcdRevision(res.header.revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const range = this.#layout.range(prefix);
    let start = range.key;
    if (options.startAfter !== undefined) {
      const after = keyAfter(this.#layout.toEtcdKey(options.startAfter));
      if (compareBytes(after, start) > 0) start = after;
    }
    const revision = options.revision ? this.#layout.toEtcdRevision(options.revision) : 0;
    const res = await this.#call<PbRangeResponse>('range', { key: start, range_end: range.range_end, limit: options.limit ?? 0, revision }, prefix);
    const kvs: KeyValue[] = [];
    for (const kv of res.kvs) {
      const key = this.#layout.fromEtcdKey(kv.key);
      if (key !== undefined) kvs.push(this.#toKv(kv, key));
    }
    return { kvs, more: res.more, revision: options.revision || this.#layout.fromEtcdRevision(res.header.revision) };
  }

  async count(prefix: string): Promise<number> {
    return (await this.#call<PbRangeResponse>('range', { ...this.#layout.range(prefix), count_only: true }, prefix)).count;
  }

  async watch(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions): Promise<void> {
    await this.#use(prefix);
    if (options.afterRevision < this.#log.from) await this.#loadHistory(prefix, options.afterRevision);
    this.#watchers.subscribe(prefix, handler, options, this.#layout.fromEtcdRevision(this.#compacted), (after) => this.#log.since(after));
  }

  /**
   * Fetches the events after Store revision `after` that the log lacks, through an etcd watch over the
   * whole keyspace (every etcd revision has at least one event, so reaching the log's first revision
   * proves the replay complete; a prefix-only watch could not tell "no more events" from "not yet").
   */
  #loadHistory(key: string, after: number): Promise<void> {
    const run = async () => {
      const until = this.#log.from;
      if (after >= until) return;
      if (this.#layout.toEtcdRevision(after) < this.#compacted) throw new StorageError('Compacted', key, this.#layout.fromEtcdRevision(this.#compacted));
      const untilEtcd = this.#layout.toEtcdRevision(until);
      const events = await new Promise<StoreEvent[]>((resolve, reject) => {
        const out: StoreEvent[] = [];
        let w: EtcdWatch | undefined;
        const finish = () => { w?.cancel(); resolve(out); };
        w = openWatch(this.#client, { ...EVERY_KEY, start_revision: this.#layout.toEtcdRevision(after) + 1 }, {
          created: (rev) => { if (rev < untilEtcd || untilEtcd <= 1) finish(); },
          events: (evs) => {
            for (const pb of evs) {
              if (pb.kv.mod_revision > untilEtcd) continue;
              const ev = this.#toStoreEvent(pb);
              if (ev) out.push(ev);
            }
            if (evs.some((pb) => pb.kv.mod_revision >= untilEtcd)) finish();
          },
          ended: ({ compactRevision, error }) => {
            if (compactRevision) {
              this.#compacted = Math.max(this.#compacted, compactRevision);
              reject(new StorageError('Compacted', key, this.#layout.fromEtcdRevision(compactRevision)));
            } else reject(toStorageError(error, key));
          },
        });
      });
      this.#log.prepend(events, after);
    };
    const p = this.#history.then(run);
    this.#history = p.catch(() => undefined);
    return p;
  }

  async currentRevision(): Promise<number> {
    await this.#use('');
    try {
      return this.#layout.fromEtcdRevision(await this.#etcdRevision());
    } catch (e: unknown) {
      throw toStorageError(e, '');
    }
  }

  async compact(revision: number): Promise<void> {
    const current = await this.currentRevision();
    if (revision > current) throw new RangeError(`Cannot compact at revision ${revision}: the current revision is ${current}`);
    const etcdRev = this.#layout.toEtcdRevision(revision);
    if (etcdRev <= this.#compacted) return;
    try {
      await this.#call('compact', { revision: etcdRev }, '');
    } catch (e: unknown) {
      if (!(e instanceof StorageError && e.code === 'Compacted')) throw e;
    }
    this.#compacted = Math.max(this.#compacted, etcdRev);
    this.#log.dropThrough(Math.max(this.#log.from, revision));
  }

  async compactedRevision(): Promise<number> {
    await this.#use('');
    return this.#layout.fromEtcdRevision(this.#compacted);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ready.catch(() => undefined);
    this.#feed?.cancel();
    this.#watchers.clear();
    this.#fail(new StorageError('Unavailable', ''));
    this.#client.close();
  }
}

function isCompactedError(e: unknown): boolean {
  return isGrpcError(e, grpc.status.OUT_OF_RANGE) && /compacted/.test(e.details);
}

function toStorageError(e: unknown, key: string): Error {
  if (e instanceof StorageError || e instanceof RangeError) return e;
  return new StorageError('Unavailable', key, 0, { cause: e });
}
