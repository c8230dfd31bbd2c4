// SqliteStore runs the shared Store conformance suite on files in a temp dir (with reopen) and in memory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
