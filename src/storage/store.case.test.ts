// The Store conformance suite: every backend runs these same cases (memory, sqlite; etcd later).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, StoreEvent } from './store.js';
import { isStorageError } from './errors.js';

const b = (s: string) => new TextEncoder().encode(s);
const s = (u: Uint8Array) => new TextDecoder().decode(u);

export function storeConformance(name: string, open: () => Promise<Store>): void {
  const t = (what: string, fn: (st: Store) => Promise<void>) => test(`${name}: ${what}`, async () => {
    const st = await open();
    try { await fn(st); } finally { await st.close(); }
  });

  t('create() then get(); a second create() fails with KeyExists', async (st) => {
    const kv = await st.create('/a/1', b('x'));
    assert.equal(kv.createRevision, kv.modRevision);
    assert.equal(s((await st.get('/a/1'))!.value), 'x');
    await assert.rejects(st.create('/a/1', b('y')), (e: unknown) => isStorageError(e, 'KeyExists'));
    assert.equal(await st.get('/a/2'), undefined);
  });

  t('update() checks modRevision; revisions are global and increasing; createRevision is kept', async (st) => {
    const a = await st.create('/a/1', b('1'));
    const other = await st.create('/b/1', b('1'));
    assert.ok(other.modRevision > a.modRevision);
    const u = await st.update('/a/1', b('2'), a.modRevision);
    assert.ok(u.modRevision > other.modRevision);
    assert.equal(u.createRevision, a.createRevision);
    await assert.rejects(st.update('/a/1', b('3'), a.modRevision), (e: unknown) => isStorageError(e, 'RevisionMismatch'));
    await assert.rejects(st.update('/nope', b('3'), 1), (e: unknown) => isStorageError(e, 'KeyNotFound'));
    assert.equal(await st.currentRevision(), u.modRevision);
  });

  t('delete() is conditional or unconditional and returns the last value at the delete revision', async (st) => {
    const a = await st.create('/a/1', b('1'));
    await assert.rejects(st.delete('/a/1', a.modRevision + 100), (e: unknown) => isStorageError(e, 'RevisionMismatch'));
    const d = await st.delete('/a/1', a.modRevision);
    assert.equal(s(d.value), '1');
    assert.equal(d.modRevision, a.modRevision + 1);
    await assert.rejects(st.delete('/a/1'), (e: unknown) => isStorageError(e, 'KeyNotFound'));
    await st.create('/a/1', b('again'));
    await st.delete('/a/1');
    assert.equal(await st.get('/a/1'), undefined);
  });

  t('list() isolates prefixes, pages with limit/startAfter and counts', async (st) => {
    for (const k of ['/a/3', '/a/1', '/a/2', '/ab/1', '/b/1']) await st.create(k, b(k));
    const all = await st.list('/a/');
    assert.deepEqual(all.kvs.map((kv) => kv.key), ['/a/1', '/a/2', '/a/3']);
    assert.equal(all.more, false);
    const p1 = await st.list('/a/', { limit: 2 });
    assert.deepEqual([p1.kvs.map((kv) => kv.key), p1.more], [['/a/1', '/a/2'], true]);
    const p2 = await st.list('/a/', { limit: 2, startAfter: '/a/2' });
    assert.deepEqual([p2.kvs.map((kv) => kv.key), p2.more], [['/a/3'], false]);
    assert.equal(await st.count('/a/'), 3);
  });

  t('list() at an older revision sees the state of that revision', async (st) => {
    const a = await st.create('/a/1', b('v1'));
    await st.create('/a/2', b('v1'));
    const rev = await st.currentRevision();
    await st.update('/a/1', b('v2'), a.modRevision);
    await st.delete('/a/2');
    await st.create('/a/3', b('v1'));
    const old = await st.list('/a/', { revision: rev });
    assert.deepEqual(old.kvs.map((kv) => `${kv.key}=${s(kv.value)}`), ['/a/1=v1', '/a/2=v1']);
    assert.equal(old.revision, rev);
    const paged = await st.list('/a/', { revision: rev, limit: 1, startAfter: '/a/1' });
    assert.deepEqual(paged.kvs.map((kv) => kv.key), ['/a/2']);
  });

  t('watch() replays history after a revision, then streams live events in order; abort stops it', async (st) => {
    const a = await st.create('/a/1', b('1'));
    await st.update('/a/1', b('2'), a.modRevision);
    await st.create('/z/1', b('other prefix'));
    const seen: StoreEvent[] = [];
    const ac = new AbortController();
    await st.watch('/a/', (ev) => seen.push(ev), { afterRevision: a.modRevision, signal: ac.signal });
    const c = await st.create('/a/2', b('x'));
    await st.delete('/a/2', c.modRevision);
    ac.abort();
    await st.create('/a/3', b('after abort'));
    assert.deepEqual(seen.map((e) => `${e.type} ${e.kv.key} ${e.kv.modRevision} ${s(e.kv.value)}`), [
      `put /a/1 ${a.modRevision + 1} 2`, `put /a/2 ${c.modRevision} x`, `delete /a/2 ${c.modRevision + 1} x`,
    ]);
    assert.equal(s(seen[0]!.prevKv!.value), '1');
    assert.equal(seen[2]!.prevKv!.modRevision, c.modRevision);
  });

  t('compact() makes older revisions unreadable with Compacted', async (st) => {
    const a = await st.create('/a/1', b('1'));
    const u = await st.update('/a/1', b('2'), a.modRevision);
    await st.update('/a/1', b('3'), u.modRevision);
    await st.compact(u.modRevision);
    assert.equal(await st.compactedRevision(), u.modRevision);
    await assert.rejects(st.list('/a/', { revision: a.modRevision }), (e: unknown) => isStorageError(e, 'Compacted'));
    await assert.rejects(st.watch('/a/', () => undefined, { afterRevision: a.modRevision }), (e: unknown) => isStorageError(e, 'Compacted'));
    const after: string[] = [];
    const ac = new AbortController();
    await st.watch('/a/', (ev) => after.push(s(ev.kv.value)), { afterRevision: u.modRevision, signal: ac.signal });
    ac.abort();
    assert.deepEqual(after, ['3']);
    assert.equal(s((await st.list('/a/')).kvs[0]!.value), '3');
  });
}
