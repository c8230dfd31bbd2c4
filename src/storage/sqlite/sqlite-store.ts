// SqliteStore: the durable default Store on better-sqlite3, in the spirit of kine: a `log` table of
// every write (history for watch and list-at-revision) beside a `current` table for fast reads.
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, WatchOptions } from '../store.js';
import { Watchers } from '../watchers.js';

export interface SqliteStoreOptions {
  /** File path, or ':memory:'. */
  path: string;
}

interface CurrentRow { key: string; value: Buffer; create_revision: number; mod_revision: number }
interface LogRow { revision: number; key: string; type: 'put' | 'delete'; value: Buffer; create_revision: number; prev_revision: number; prev_value: Buffer | null }

const schema = `
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  value BLOB NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  prev_value BLOB
);
CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
CREATE TABLE IF NOT EXISTS current (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  create_revision INTEGER NOT NULL,
  mod_revision INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

function end(prefix: string): string {
  return prefix + '\uffff';
}

function kvOf(r: CurrentRow): KeyValue {
  return { key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.mod_revision };
}

function eventOf(r: LogRow): StoreEvent {
  const kv: KeyValue = { key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.revision };
  const prevKv: KeyValue | undefined = r.prev_revision && r.prev_value ? { key: r.key, value: r.prev_value, createRevision: r.create_revision, modRevision: r.prev_revision } : undefined;
  if (r.type === 'delete') return { type: 'delete', kv, prevKv: prevKv ?? kv };
  return { type: 'put', kv, prevKv };
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #watchers = new Watchers();
  #rev: number;
  #compacted: number;
  #batch: { fn: () => StoreEvent; resolve: (ev: StoreEvent) => void; reject: (e: unknown) => void }[] = [];
  readonly #st;

  constructor(options: SqliteStoreOptions) {
    this.#db = new Database(options.path);
    // WAL + synchronous=NORMAL: a commit is in the WAL (OS page cache) before we acknowledge it, so it
    // survives the process being killed at any moment; only a power loss could drop the last commits.
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(schema);
    const db = this.#db;
    this.#st = {
      get: db.prepare<[string], CurrentRow>('SELECT key, value, create_revision, mod_revision FROM current WHERE key = ?'),
      insertCurrent: db.prepare('INSERT INTO current (key, value, create_revision, mod_revision) VALUES (?, ?, ?, ?)'),
      updateCurrent: db.prepare('UPDATE current SET value = ?, mod_revision = ? WHERE key = ?'),
      deleteCurrent: db.prepare('DELETE FROM current WHERE key = ?'),
      insertLog: db.prepare('INSERT INTO log (revision, key, type, value, create_revision, prev_revision, prev_value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      listCurrentFrom: db.prepare<[string, string, number], CurrentRow>('SELECT key, value, create_revision, mod_revision FROM current WHERE key >= ? AND key < ? ORDER BY key LIMIT ?'),
      listCurrentAfter: db.prepare<[string, string, number], CurrentRow>('SELECT key, value, create_revision, mod_revision FROM current WHERE key > ? AND key < ? ORDER BY key LIMIT ?'),
      listAt: db.prepare<[string, string, number, number], LogRow>(`
        SELECT l.* FROM log l JOIN (
          SELECT key, MAX(revision) AS rev FROM log WHERE key >= ? AND key < ? AND revision <= ? GROUP BY key
        ) m ON l.revision = m.rev WHERE l.type = 'put' ORDER BY l.key LIMIT ?`),
      count: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM current WHERE key >= ? AND key < ?'),
      since: db.prepare<[number, string, string], LogRow>('SELECT * FROM log WHERE revision > ? AND key >= ? AND key < ? ORDER BY revision'),
      maxRev: db.prepare<[], { r: number | null }>('SELECT MAX(revision) AS r FROM log'),
      getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
      setMeta: db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
      compactLog: db.prepare(`DELETE FROM log WHERE revision <= ? AND (type = 'delete' OR revision < (SELECT MAX(revision) FROM log l2 WHERE l2.key = log.key AND l2.revision <= ?))`),
    };
    this.#rev = Math.max(this.#st.maxRev.get()?.r ?? 0, this.#st.getMeta.get('revision')?.value ?? 0);
    this.#compacted = this.#st.getMeta.get('compacted')?.value ?? 0;
  }

  /**
   * Group commit: writes issued in the same turn of the event loop share one transaction. Each op runs
   * its checks before writing, so a failing op leaves no partial state; every promise settles only
   * after COMMIT (durability is unchanged), and watchers see events in revision order.
   */
  #write(fn: () => StoreEvent): Promise<StoreEvent> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ fn, resolve, reject });
      if (this.#batch.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#batch;
    this.#batch = [];
    if (!this.#db.open) {
      for (const op of batch) op.reject(new StorageError('Unavailable', ''));
      return;
    }
    const results: ({ ok: true; ev: StoreEvent } | { ok: false; err: unknown })[] = [];
    const startRev = this.#rev;
    try {
      this.#db.transaction(() => {
        for (const op of batch) {
          try {
            results.push({ ok: true, ev: op.fn() });
          } catch (err: unknown) {
            results.push({ ok: false, err });
          }
        }
      })();
    } catch (err: unknown) {
      this.#rev = startRev;
      for (const op of batch) op.reject(new StorageError('Unavailable', '', 0, { cause: err }));
      return;
    }
    batch.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) {
        this.#watchers.emit(r.ev);
        op.resolve(r.ev);
      } else {
        op.reject(r.err);
      }
    });
  }

  async get(key: string): Promise<KeyValue | undefined> {
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
      return { type: 'put', kv: { key, value, createRevision: rev, modRevision: rev }, prevKv: undefined };
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
      return { type: 'put', kv: { key, value, createRevision: prev.create_revision, modRevision: rev }, prevKv: kvOf(prev) };
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
      // The highest revision must survive even when the deleted key's log rows are compacted away.
      this.#st.setMeta.run('revision', rev);
      return { type: 'delete', kv: { key, value: prev.value, createRevision: prev.create_revision, modRevision: rev }, prevKv: kvOf(prev) };
    });
    return ev.kv;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const fetch = limit > 0 ? limit + 1 : -1;
    const after = options.startAfter !== undefined && options.startAfter >= prefix ? options.startAfter : undefined;
    let kvs: KeyValue[];
    let revision = this.#rev;
    if (options.revision && options.revision < this.#rev) {
      if (options.revision < this.#compacted) throw new StorageError('Compacted', prefix, this.#compacted);
      revision = options.revision;
      // From the log: the latest entry per key at that revision (rows with key == startAfter are dropped below).
      const rows = this.#st.listAt.all(after ?? prefix, end(prefix), revision, after !== undefined && fetch > 0 ? fetch + 1 : fetch);
      kvs = rows.filter((r) => after === undefined || r.key > after).map((r) => ({ key: r.key, value: r.value, createRevision: r.create_revision, modRevision: r.revision }));
    } else {
      const rows = after !== undefined ? this.#st.listCurrentAfter.all(after, end(prefix), fetch) : this.#st.listCurrentFrom.all(prefix, end(prefix), fetch);
      kvs = rows.map(kvOf);
    }
    const more = limit > 0 && kvs.length > limit;
    return { kvs: more ? kvs.slice(0, limit) : kvs, revision, more };
  }

  async count(prefix: string): Promise<number> {
    return this.#st.count.get(prefix, end(prefix))?.n ?? 0;
  }

  async watch(prefix: string, handler: (ev: StoreEvent) => void, options: WatchOptions): Promise<void> {
    this.#watchers.subscribe(prefix, handler, options, this.#compacted, (after) => this.#st.since.all(after, prefix, end(prefix)).map(eventOf));
  }

  async currentRevision(): Promise<number> {
    return this.#rev;
  }

  async compact(revision: number): Promise<void> {
    if (revision <= this.#compacted) return;
    this.#db.transaction(() => {
      this.#st.setMeta.run('revision', this.#rev);
      this.#st.compactLog.run(revision, revision);
      this.#st.setMeta.run('compacted', revision);
    })();
    this.#compacted = revision;
  }

  async compactedRevision(): Promise<number> {
    return this.#compacted;
  }

  async close(): Promise<void> {
    this.#watchers.clear();
    if (this.#db.open) this.#db.close();
  }
}
