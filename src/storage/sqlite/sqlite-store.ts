// SqliteStore: the durable default Store on better-sqlite3, in the spirit of kine: a `log` table of
// every write (history for watch and list-at-revision) beside a `current` table for fast reads.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, WatchOptions } from '../store.js';
import { Watchers } from '../watchers.js';
import { prefixEnd, prepareStatements, type CurrentRow, type LogRow, type Statements } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** Database file path (created if absent; its directory must exist), or ':memory:'. One process per file. */
  readonly path: string;
  /**
   * Hold the file exclusively while open (SQLite's EXCLUSIVE locking mode): opening fails at once when another
   * process has the file open (a server running on it), and other processes cannot open it until close().
   */
  readonly exclusive?: boolean;
  /** Open an existing Skiff database only: a missing file or one without the store's tables throws, and nothing is created. */
  readonly mustExist?: boolean;
}

type Result = { ok: true; ev: StoreEvent } | { ok: false; err: unknown };
interface PendingWrite { fn: () => StoreEvent; resolve: (ev: StoreEvent) => void; reject: (e: unknown) => void }

function kvOf(r: CurrentRow): KeyValue {
  return { key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.mod_revision };
}

function eventOf(r: LogRow): StoreEvent {
  const kv: KeyValue = { key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.revision };
  const prevKv: KeyValue | undefined = r.prev_revision && r.prev_value
    ? { key: r.key, value: r.prev_value, createRevision: r.create_revision, modRevision: r.prev_revision }
    : undefined;
  if (r.type === 'delete') return { type: 'delete', kv, prevKv: prevKv ?? kv };
  return { type: 'put', kv, prevKv };
}

/** Opens the file as options say (the exclusive lock taken, the tables checked) in WAL mode. */
function openDatabase(options: SqliteStoreOptions): Database.Database {
  if (options.mustExist && options.path !== ':memory:' && !existsSync(options.path)) throw new Error(`Cannot open "${options.path}": no such file`);
  const db = new Database(options.path, { fileMustExist: options.mustExist === true, ...(options.exclusive ? { timeout: 200 } : {}) });
  try {
    // Set before the first read: the first access then takes the file's EXCLUSIVE lock (and SQLite keeps the WAL
    // index in this process's memory), which fails with SQLITE_BUSY while any other connection has the file open.
    if (options.exclusive) db.pragma('locking_mode = EXCLUSIVE');
    if (options.mustExist) {
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
      const missing = ['log', 'current', 'meta'].filter((t) => !tables.includes(t));
      if (missing.length) throw new Error(`Cannot read "${options.path}" as a Skiff datastore: no table ${missing.map((t) => `"${t}"`).join(', ')}`);
    }
    // WAL + synchronous=NORMAL: COMMIT returns only after the transaction's frames are written to the
    // WAL file with write(2), i.e. handed to the kernel. A killed process (SIGKILL, OOM, crash) cannot
    // lose what the kernel already holds, so every acknowledged write survives it and the next open
    // replays the WAL. NORMAL skips the fsync per commit (WAL is fsynced at checkpoints), so only an
    // OS crash or power loss may drop the last commits; even then the file stays consistent.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (e: unknown) {
    db.close();
    if (isBusy(e)) throw new Error(`Cannot hold "${options.path}" exclusively: another process has it open (a server running on it?)`, { cause: e });
    throw e;
  }
}

function isBusy(e: unknown): boolean {
  return e instanceof Error && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED');
}

/**
 * Keys are ordered by SQLite's BINARY collation (UTF-8 bytes), which matches the Store contract's
 * UTF-16 order for keys without characters above U+FFFF; prefixes are matched as the key range
 * [prefix, prefix + U+FFFF). Revisions continue across restarts (the log and meta keep the highest).
 * The store caches the current revision, so only one process may write a given file.
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #st: Statements;
  readonly #watchers = new Watchers();
  /** Runs one write; inside the batch's transaction better-sqlite3 makes it a SAVEPOINT. */
  readonly #op: (fn: () => StoreEvent) => StoreEvent;
  readonly #batchTx: (batch: PendingWrite[]) => Result[];
  #rev: number;
  #compacted: number;
  #batch: PendingWrite[] = [];

  constructor(options: SqliteStoreOptions) {
    if (typeof options.path !== 'string' || options.path === '') throw new TypeError('Cannot open SqliteStore: "path" must be a file path or ":memory:"');
    this.#db = openDatabase(options);
    this.#st = prepareStatements(this.#db);
    this.#op = this.#db.transaction((fn: () => StoreEvent) => fn());
    this.#batchTx = this.#db.transaction((batch: PendingWrite[]) => batch.map((op): Result => {
      try {
        return { ok: true, ev: this.#op(op.fn) };
      } catch (err: unknown) {
        return { ok: false, err };
      }
    }));
    this.#rev = Math.max(this.#st.maxRev.get()?.r ?? 0, this.#st.getMeta.get('revision')?.value ?? 0);
    this.#compacted = this.#st.getMeta.get('compacted')?.value ?? 0;
  }

  /**
   * Group commit: writes issued in the same turn of the event loop share one transaction, each in its
   * own savepoint so a failing write (KeyExists, RevisionMismatch, an SQL error) leaves no trace.
   * Every promise settles only after COMMIT, and watchers see the events in revision order.
   */
  #write(fn: () => StoreEvent): Promise<StoreEvent> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ fn, resolve, reject });
      if (this.#batch.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    this.#batch = [];
    if (!this.#db.open) {
      for (const op of batch) op.reject(new StorageError('Unavailable', ''));
      return;
    }
    const startRev = this.#rev;
    let results: Result[];
    try {
      results = this.#batchTx(batch);
    } catch (err: unknown) {
      // COMMIT failed (disk full, I/O error): nothing of the batch is durable or visible.
      this.#rev = startRev;
      for (const op of batch) op.reject(new StorageError('Unavailable', '', 0, { cause: err }));
      return;
    }
    batch.forEach((op, i) => {
      const r = results[i];
      if (r?.ok) {
        this.#watchers.emit(r.ev);
        op.resolve(r.ev);
      } else {
        op.reject(r ? r.err : new StorageError('Unavailable', ''));
      }
    });
  }

  #assertOpen(key: string): void {
    if (!this.#db.open) throw new StorageError('Unavailable', key);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.#assertOpen(key);
    const r = this.#st.get.get(key);
    return r ? kvOf(r) : undefined;
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    const ev = await this.#write(() => {
      if (this.#st.get.get(key)) throw new StorageError('KeyExists', key);
      const rev = this.#rev + 1;
      this.#st.insertCurrent.run(key, value, rev, rev);
      this.#st.insertLog.run(rev, key, 'put', value, rev, 0, null);
      this.#rev = rev;
      return { type: 'put', kv: { key, value: Buffer.from(value), createRevision: rev, modRevision: rev }, prevKv: undefined };
    });
    return ev.kv;
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    const ev = await this.#write(() => {
      const prev = this.#st.get.get(key);
      if (!prev) throw new StorageError('KeyNotFound', key);
      if (prev.mod_revision !== expectedModRevision) throw new StorageError('RevisionMismatch', key, prev.mod_revision);
      const rev = this.#rev + 1;
      this.#st.updateCurrent.run(value, rev, key);
      this.#st.insertLog.run(rev, key, 'put', value, prev.create_revision, prev.mod_revision, prev.value);
      this.#rev = rev;
      return { type: 'put', kv: { key, value: Buffer.from(value), createRevision: prev.create_revision, modRevision: rev }, prevKv: kvOf(prev) };
    });
    return ev.kv;
  }

  async delete(key: string, expectedModRevision = 0): Promise<KeyValue> {
    const ev = await this.#write(() => {
      const prev = this.#st.get.get(key);
      if (!prev) throw new StorageError('KeyNotFound', key);
      if (expectedModRevision && prev.mod_revision !== expectedModRevision) throw new StorageError('RevisionMismatch', key, prev.mod_revision);
      const rev = this.#rev + 1;
      this.#st.deleteCurrent.run(key);
      this.#st.insertLog.run(rev, key, 'delete', prev.value, prev.create_revision, prev.mod_revision, prev.value);
      this.#rev = rev;
      return { type: 'delete', kv: { key, value: prev.value, createRevision: prev.create_revision, modRevision: rev }, prevKv: kvOf(prev) };
    });
    return ev.kv;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen(prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    // Ask for one row more than the page to learn whether more remain.
    const fetch = limit > 0 ? limit + 1 : -1;
    const after = options.startAfter !== undefined && options.startAfter >= prefix ? options.startAfter : undefined;
    let kvs: KeyValue[];
    let revision = this.#rev;
    if (options.revision && options.revision < this.#rev) {
      if (options.revision < this.#compacted) throw new StorageError('Compacted', prefix, this.#compacted);
      revision = options.revision;
      // The log query has no "key > after" form: start at after itself (one extra row) and drop it.
      const rows = this.#st.listAt.all(after ?? prefix, prefixEnd(prefix), revision, after !== undefined && fetch > 0 ? fetch + 1 : fetch);
      kvs = rows.filter((r) => after === undefined || r.key > after)
        .map((r) => ({ key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.revision }));
    } else {
      const end = prefixEnd(prefix);
      const rows = after !== undefined ? this.#st.listCurrentAfter.all(after, end, fetch) : this.#st.listCurrentFrom.all(prefix, end, fetch);
      kvs = rows.map(kvOf);
    }
    const more = limit > 0 && kvs.length > limit;
    return { kvs: more ? kvs.slice(0, limit) : kvs, revision, more };
  }

  async count(prefix: string): Promise<number> {
    this.#assertOpen(prefix);
    return this.#st.count.get(prefix, prefixEnd(prefix))?.n ?? 0;
  }

  async watch(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions): Promise<void> {
    this.#assertOpen(prefix);
    // Replay and subscription happen in one synchronous step, and commits run in a later macrotask
    // (#flush), so no event can fall between the replayed history and the live stream.
    this.#watchers.subscribe(prefix, handler, options, this.#compacted, (after) => this.#st.since.all(after, prefix, prefixEnd(prefix)).map(eventOf));
  }

  async currentRevision(): Promise<number> {
    return this.#rev;
  }

  async compact(revision: number): Promise<void> {
    this.#assertOpen('');
    if (revision > this.#rev) throw new RangeError(`Cannot compact at revision ${revision}: the current revision is ${this.#rev}`);
    if (revision <= this.#compacted) return;
    this.#db.transaction(() => {
      // Compaction may delete the row holding the highest revision (a delete): remember it in meta.
      this.#st.setMeta.run('revision', this.#rev);
      this.#st.compactLog.run(revision, revision);
      this.#st.setMeta.run('compacted', revision);
    })();
    this.#compacted = revision;
  }

  async compactedRevision(): Promise<number> {
    return this.#compacted;
  }

  /** Commits writes still waiting for their batch, then closes the database; idempotent. */
  async close(): Promise<void> {
    this.#flush();
    this.#watchers.clear();
    if (this.#db.open) this.#db.close();
  }
}
