// openStore(): scheme selection, directory creation and the errors for unsupported URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openStore } from './open.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

test('openStore() opens sqlite:///abs/path, creating the parent directory, and keeps data across opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-open-'));
  try {
    const path = join(dir, 'nested', 'deeper', 'state.db');
    const st = await openStore(`sqlite://${path}`);
    assert.ok(st instanceof SqliteStore);
    await st.create('/a', Buffer.from('1'));
    await st.close();
    assert.ok(existsSync(path));
    const again = await openStore(`sqlite://${path}`);
    assert.equal((await again.get('/a'))?.modRevision, 1);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openStore() resolves sqlite://relative against the working directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-open-rel-'));
  try {
    const rel = relative(process.cwd(), join(dir, 'sub', 'state.db'));
    const st = await openStore(`sqlite://${rel}`);
    await st.close();
    assert.ok(existsSync(join(dir, 'sub', 'state.db')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openStore({ mustExist, exclusive }) refuses a missing SQLite file without creating it, and a file in use', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-open-must-'));
  try {
    const path = join(dir, 'sub', 'state.db');
    await assert.rejects(openStore(`sqlite://${path}`, { mustExist: true }), new RegExp(`^Error: Cannot open datastore "sqlite://${path}": no such file "${path}"$`));
    assert.equal(existsSync(join(dir, 'sub')), false);
    const running = await openStore(`sqlite://${path}`);
    await assert.rejects(openStore(`sqlite://${path}`, { mustExist: true, exclusive: true }), /^Error: Cannot open datastore ".*": Cannot hold ".*" exclusively: another process has it open/);
    await running.close();
    const held = await openStore(`sqlite://${path}`, { mustExist: true, exclusive: true });
    await held.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openStore() opens memory:// and sqlite://:memory: without touching the disk', async () => {
  const mem = await openStore('memory://');
  assert.ok(mem instanceof MemoryStore);
  await mem.close();
  const sq = await openStore('sqlite://:memory:');
  assert.ok(sq instanceof SqliteStore);
  await sq.close();
  assert.equal(existsSync(':memory:'), false);
});

test('openStore() rejects an unreachable or malformed etcd://, a missing sqlite path and unknown schemes with clear errors', async () => {
  await assert.rejects(openStore('etcd://127.0.0.1:1'), /^Error: Cannot open datastore "etcd:\/\/127\.0\.0\.1:1": .*Unavailable/);
  await assert.rejects(openStore('etcd://'), /expected etcd:\/\/host:port/);
  await assert.rejects(openStore('etcd://a b:2379'), /"a b:2379" is not host:port/);
  await assert.rejects(openStore('sqlite://'), /a file path is required/);
  await assert.rejects(openStore('postgres://db/skiff'), /unknown scheme \(accepted: sqlite:\/\/\/absolute\/path\.db, .*memory:\/\/, etcd:\/\/host:2379.*\)/);
  await assert.rejects(openStore('/var/lib/skiff/state.db'), /unknown scheme/);
});
