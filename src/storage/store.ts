// The Store: a revisioned key/value store with watch, etcd's model (bytes in, bytes out).
// Every write bumps one global revision; resourceVersion in the API is that revision.

/** One key at one revision. */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision at which the key was (last) created. */
  readonly createRevision: number;
  /** Revision of the last write to the key (for a delete event: the revision of the delete). */
  readonly modRevision: number;
}

export type StoreEvent =
  | { readonly type: 'put'; readonly kv: KeyValue; readonly prevKv: KeyValue | undefined }
  /** kv.value is the value before deletion; kv.modRevision is the revision of the delete. */
  | { readonly type: 'delete'; readonly kv: KeyValue; readonly prevKv: KeyValue };

export interface ListOptions {
  /** Read the state as of this revision (0 or absent: current). Throws Compacted if older than the compact revision. */
  readonly revision?: number;
  /** At most this many keys (0 or absent: all). */
  readonly limit?: number;
  /** Only keys strictly greater than this one (for paging). */
  readonly startAfter?: string;
}

export interface ListResult {
  readonly kvs: KeyValue[];
  /** The revision the list was read at. */
  readonly revision: number;
  /** True when more keys remain after the last one returned. */
  readonly more: boolean;
}

export interface WatchOptions {
  /** Deliver events with revision > afterRevision. Throws Compacted if that history is gone. */
  readonly afterRevision: number;
  readonly signal?: AbortSignal;
}

/**
 * Contract:
 * - Writes are atomic and durable once the returned promise resolves (an acknowledged write survives a crash).
 * - create fails with KeyExists; update and delete with KeyNotFound or RevisionMismatch (expected modRevision).
 * - Watch handlers receive events in revision order, each event once, after the write is durable.
 *   Handlers run synchronously after commit; they must not throw and must not block.
 * - Keys are compared as strings (UTF-16 code unit order, same as JS `<`); list returns them in that order.
 */
export interface Store {
  get(key: string): Promise<KeyValue | undefined>;
  create(key: string, value: Uint8Array): Promise<KeyValue>;
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue>;
  /** Deletes and returns the deleted kv (modRevision = the delete's revision). expectedModRevision 0 = unconditional. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Keys starting with prefix. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Number of keys starting with prefix at the current revision. */
  count(prefix: string): Promise<number>;
  /** Streams events for keys starting with prefix. Returns when the subscription is set up; stops on signal abort. */
  watch(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions): Promise<void>;
  currentRevision(): Promise<number>;
  /** Forget history at or before revision; later list/watch at older revisions throw Compacted. */
  compact(revision: number): Promise<void>;
  /** Oldest revision still readable (the compact revision). */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}
