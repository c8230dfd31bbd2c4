// SqliteStore runs the shared Store conformance suite on files in a temp dir (with reopen) and in memory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { isStorageError } from '../errors.js';
import { storeConformance } from '../store.case.test.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'skiff-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const paths = new WeakMap<Store, string>();
let n = 0;
function openAt(path: string): SqliteStore {
  const st = new SqliteStore({ path });
  paths.set(st, path);
  return st;
}

storeConformance('SqliteStore', async () => openAt(join(dir, `store-${n++}.db`)), async (closed) => {
  const path = paths.get(closed);
  assert.ok(path, 'reopen() is given a store this file opened');
  return openAt(path);
});

storeConformance('SqliteStore(:memory:)', async () => new SqliteStore({ path: ':memory:' }));

test('SqliteStore() puts the file in WAL mode with the kine-style tables', async () => {
  const path = join(dir, 'pragmas.db');
  const st = new SqliteStore({ path });
  await st.create('/a', Buffer.from('1'));
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    assert.deepEqual(tables, ['current', 'log', 'meta']);
  } finally {
    db.close();
    await st.close();
  }
});

test('SqliteStore() rejects an empty path with TypeError', () => {
  assert.throws(() => new SqliteStore({ path: '' }), TypeError);
});

test('SqliteStore.get() after close() fails with Unavailable; pending writes are committed by close()', async () => {
  const path = join(dir, 'close.db');
  const st = new SqliteStore({ path });
  const pending = st.create('/a', Buffer.from('1'));
  await st.close();
  assert.equal((await pending).modRevision, 1);
  await assert.rejects(st.get('/a'), (e: unknown) => isStorageError(e, 'Unavailable'));
  await assert.rejects(st.create('/b', Buffer.from('2')), (e: unknown) => isStorageError(e, 'Unavailable'));
  const again = new SqliteStore({ path });
  assert.equal((await again.get('/a'))?.modRevision, 1);
  await again.close();
});

test('SqliteStore({ exclusive }) fails while another connection has the file open, then keeps others out until close()', async () => {
  const path = join(dir, 'exclusive.db');
  const running = new SqliteStore({ path });
  await running.create('/a', Buffer.from('1'));
  assert.throws(() => new SqliteStore({ path, exclusive: true }), /^Error: Cannot hold ".*exclusive\.db" exclusively: another process has it open \(a server running on it\?\)$/);
  await running.close();
  const held = new SqliteStore({ path, exclusive: true, mustExist: true });
  assert.equal((await held.get('/a'))?.modRevision, 1);
  await held.create('/b', Buffer.from('2'));
  const other = new Database(path, { timeout: 50 });
  assert.throws(() => other.prepare('SELECT COUNT(*) FROM current').get(), /database is locked/);
  other.close();
  await held.close();
  const after = new SqliteStore({ path });
  assert.deepEqual((await after.list('')).kvs.map((kv) => kv.key), ['/a', '/b']);
  await after.close();
});

test('SqliteStore({ mustExist }) opens a Skiff database only, creating nothing', () => {
  const missing = join(dir, 'missing.db');
  assert.throws(() => new SqliteStore({ path: missing, mustExist: true }), /^Error: Cannot open ".*missing\.db": no such file$/);
  assert.equal(existsSync(missing), false);
  const foreign = join(dir, 'foreign.db');
  const db = new Database(foreign);
  db.exec('CREATE TABLE current (x)');
  db.close();
  assert.throws(() => new SqliteStore({ path: foreign, mustExist: true }), /^Error: Cannot read ".*foreign\.db" as a Skiff datastore: no table "log", "meta"$/);
  const check = new Database(foreign, { readonly: true });
  assert.deepEqual(check.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name), ['current']);
  check.close();
});
