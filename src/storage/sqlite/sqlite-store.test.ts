import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from '../store.case.test.js';
import { SqliteStore } from './sqlite-store.js';

storeConformance('SqliteStore', async () => new SqliteStore({ path: ':memory:' }));

test('SqliteStore reopened from its file keeps data, revisions and watch history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-sqlite-'));
  try {
    const path = join(dir, 'state.db');
    const a = new SqliteStore({ path });
    const kv = await a.create('/a/1', Buffer.from('1'));
    await a.create('/a/2', Buffer.from('2'));
    await a.delete('/a/2');
    const rev = await a.currentRevision();
    await a.close();
    const b = new SqliteStore({ path });
    assert.equal(await b.currentRevision(), rev);
    assert.equal((await b.get('/a/1'))!.modRevision, kv.modRevision);
    const seen: string[] = [];
    const ac = new AbortController();
    await b.watch('/a/', (ev) => seen.push(`${ev.type} ${ev.kv.key}`), { afterRevision: kv.modRevision, signal: ac.signal });
    const next = await b.create('/a/3', Buffer.from('3'));
    ac.abort();
    assert.equal(next.modRevision, rev + 1);
    assert.deepEqual(seen, ['put /a/2', 'delete /a/2', 'put /a/3']);
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
