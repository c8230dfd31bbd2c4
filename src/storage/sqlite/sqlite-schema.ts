// The SqliteStore schema (kine's layout: a `log` of every write beside a `current` table) and its
// prepared statements. Used only by sqlite-store.ts.
import type Database from 'better-sqlite3';

export interface CurrentRow { key: string; value: Buffer; create_revision: number; mod_revision: number }
/** A log row: value is the written value (put) or the last value before deletion (delete). */
export interface LogRow { revision: number; key: string; type: 'put' | 'delete'; value: Buffer; create_revision: number; prev_revision: number; prev_value: Buffer | null }

/**
 * - log: one row per write; revision is the store revision (global, monotonic). prev_revision and
 *   prev_value let a replayed event carry prevKv without a second lookup.
 * - current: the live keys only (deleted keys are absent), for point reads, lists and counts.
 * - meta: 'compacted' (oldest readable revision) and 'revision' (the highest revision written, kept
 *   because compaction may delete the log row that held it).
 * Keys are TEXT with SQLite's default BINARY collation: UTF-8 byte order, which equals JavaScript's
 * UTF-16 order for every key without characters above U+FFFF (Kubernetes keys are ASCII).
 */
const schema = `
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('put', 'delete')),
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

/** Exclusive upper bound of the key range holding every key that starts with prefix (ASCII keys). */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}

/** Creates the tables if needed and prepares every statement the store uses. */
export function prepareStatements(db: Database.Database) {
  db.exec(schema);
  const currentCols = 'key, value, create_revision, mod_revision';
  return {
    get: db.prepare<[string], CurrentRow>(`SELECT ${currentCols} FROM current WHERE key = ?`),
    insertCurrent: db.prepare<[string, Uint8Array, number, number]>(`INSERT INTO current (${currentCols}) VALUES (?, ?, ?, ?)`),
    updateCurrent: db.prepare<[Uint8Array, number, string]>('UPDATE current SET value = ?, mod_revision = ? WHERE key = ?'),
    deleteCurrent: db.prepare<[string]>('DELETE FROM current WHERE key = ?'),
    insertLog: db.prepare<[number, string, 'put' | 'delete', Uint8Array, number, number, Uint8Array | null]>(
      'INSERT INTO log (revision, key, type, value, create_revision, prev_revision, prev_value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    // [from, end, limit]: keys in [from, end); limit -1 means all.
    listCurrentFrom: db.prepare<[string, string, number], CurrentRow>(`SELECT ${currentCols} FROM current WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`),
    // [after, end, limit]: keys in (after, end).
    listCurrentAfter: db.prepare<[string, string, number], CurrentRow>(`SELECT ${currentCols} FROM current WHERE key > ? AND key < ? ORDER BY key LIMIT ?`),
    // [from, end, revision, limit]: per key in [from, end), its latest log row at or before revision, unless that row is a delete.
    listAt: db.prepare<[string, string, number, number], LogRow>(`
      SELECT l.* FROM log l JOIN (
        SELECT key, MAX(revision) AS rev FROM log WHERE key >= ? AND key < ? AND revision <= ? GROUP BY key
      ) m ON l.revision = m.rev WHERE l.type = 'put' ORDER BY l.key LIMIT ?`),
    count: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM current WHERE key >= ? AND key < ?'),
    // [after, from, end]: the history a watch replays, in revision order.
    since: db.prepare<[number, string, string], LogRow>('SELECT * FROM log WHERE revision > ? AND key >= ? AND key < ? ORDER BY revision'),
    maxRev: db.prepare<[], { r: number | null }>('SELECT MAX(revision) AS r FROM log'),
    getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare<[string, number]>('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    // [rev, rev]: drop deletes at or before rev, and every row superseded by a later write of its key at
    // or before rev. What stays answers "latest row per key at R" for every R >= rev. SQLite collects
    // the rows to delete before deleting, so the correlated subquery sees the table unchanged.
    compactLog: db.prepare<[number, number]>(`
      DELETE FROM log WHERE revision <= ? AND (type = 'delete'
        OR revision < (SELECT MAX(l2.revision) FROM log l2 WHERE l2.key = log.key AND l2.revision <= ?))`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
