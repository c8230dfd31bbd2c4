// The Store conformance suite: every backend runs these same cases (memory, sqlite; etcd later).
// This file only exports storeConformance(); running it directly registers no tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, StoreEvent } from './store.js';
import { isStorageError, type StorageErrorCode } from './errors.js';

const b = (s: string) => new TextEncoder().encode(s);
const s = (u: Uint8Array) => new TextDecoder().decode(u);
const code = (c: StorageErrorCode) => (e: unknown) => isStorageError(e, c);
const keys = (r: { kvs: { key: string }[] }) => r.kvs.map((kv) => kv.key);
const show = (e: StoreEvent) => `${e.type} ${e.kv.key}@${e.kv.modRevision}=${s(e.kv.value)}`;

/**
 * Registers the conformance tests for one backend. `open` returns a new, empty store. `reopen`, when
 * the backend is durable, returns a new store on the same data as `closed` (already closed by the suite).
 */
export function storeConformance(name: string, open: () => Promise<Store>, reopen?: (closed: Store) => Promise<Store>): void {
  const t = (what: string, fn: (st: Store) => Promise<void>) => test(`${name}: ${what}`, async () => {
    const st = await open();
    try { await fn(st); } finally { await st.close(); }
  });

  t('create() then get(); a second create() fails with KeyExists', async (st) => {
    const kv = await st.create('/a/1', b('x'));
    assert.deepEqual([kv.key, kv.createRevision], ['/a/1', kv.modRevision]);
    const got = await st.get('/a/1');
    assert.deepEqual(got && [s(got.value), got.createRevision, got.modRevision], ['x', kv.createRevision, kv.modRevision]);
    await assert.rejects(st.create('/a/1', b('y')), code('KeyExists'));
    assert.equal(s((await st.get('/a/1'))!.value), 'x');
    assert.equal(await st.get('/a/2'), undefined);
  });

  t('create() stores bytes as given: empty and binary values, caller buffer not aliased', async (st) => {
    const bin = new Uint8Array([0, 255, 1, 128, 0]);
    await st.create('/bin', bin);
    await st.create('/empty', new Uint8Array());
    const buf = Buffer.from('buffer');
    await st.create('/buf', buf);
    bin[0] = 42;
    buf[0] = 0x42;
    assert.deepEqual([...(await st.get('/bin'))!.value], [0, 255, 1, 128, 0]);
    assert.equal(s((await st.get('/buf'))!.value), 'buffer');
    assert.equal((await st.get('/empty'))!.value.length, 0);
  });

  t('update() checks modRevision; revisions are global and increasing; createRevision is kept', async (st) => {
    assert.equal(await st.currentRevision(), 0);
    const a = await st.create('/a/1', b('1'));
    const other = await st.create('/b/1', b('1'));
    assert.ok(other.modRevision > a.modRevision);
    const u = await st.update('/a/1', b('2'), a.modRevision);
    assert.ok(u.modRevision > other.modRevision);
    assert.equal(u.createRevision, a.createRevision);
    await assert.rejects(st.update('/a/1', b('3'), a.modRevision), (e: unknown) => isStorageError(e, 'RevisionMismatch') && e.revision === u.modRevision);
    await assert.rejects(st.update('/nope', b('3'), 1), code('KeyNotFound'));
    assert.equal(await st.currentRevision(), u.modRevision, 'failed writes consume no revision');
    assert.equal(s((await st.get('/a/1'))!.value), '2');
  });

  t('delete() is conditional or unconditional and returns the last value at the delete revision', async (st) => {
    const a = await st.create('/a/1', b('1'));
    await assert.rejects(st.delete('/a/1', a.modRevision + 100), code('RevisionMismatch'));
    const d = await st.delete('/a/1', a.modRevision);
    assert.deepEqual([s(d.value), d.modRevision, d.createRevision], ['1', a.modRevision + 1, a.createRevision]);
    await assert.rejects(st.delete('/a/1'), code('KeyNotFound'));
    await assert.rejects(st.update('/a/1', b('x'), d.modRevision), code('KeyNotFound'));
    const again = await st.create('/a/1', b('again'));
    assert.equal(again.createRevision, d.modRevision + 1, 'a re-created key gets a new createRevision');
    await st.delete('/a/1');
    assert.equal(await st.get('/a/1'), undefined);
  });

  t('writes issued together get distinct revisions; conflicting ones fail exactly once', async (st) => {
    const results = await Promise.allSettled([st.create('/c/1', b('a')), st.create('/c/1', b('b')), st.create('/c/2', b('c'))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.ok(results[1]!.status === 'rejected' && isStorageError(results[1]!.reason, 'KeyExists'));
    const base = (await st.get('/c/1'))!;
    const ups = await Promise.allSettled([st.update('/c/1', b('x'), base.modRevision), st.update('/c/1', b('y'), base.modRevision)]);
    assert.deepEqual(ups.map((r) => r.status), ['fulfilled', 'rejected']);
    assert.ok(ups[1]!.status === 'rejected' && isStorageError(ups[1]!.reason, 'RevisionMismatch'));
    const revs = (await st.list('/c/')).kvs.map((kv) => kv.modRevision);
    assert.equal(new Set(revs).size, 2);
    assert.equal(await st.currentRevision(), 3);
  });

  t('list() isolates prefixes, pages with limit/startAfter and counts', async (st) => {
    for (const k of ['/a/3', '/a/1', '/a/2', '/ab/1', '/b/1', 'a/x', 'ab']) await st.create(k, b(k));
    const all = await st.list('/a/');
    assert.deepEqual([keys(all), all.more, all.revision], [['/a/1', '/a/2', '/a/3'], false, await st.currentRevision()]);
    assert.deepEqual(keys(await st.list('a/')), ['a/x'], 'prefix "a/" does not match "ab"');
    const p1 = await st.list('/a/', { limit: 2 });
    assert.deepEqual([keys(p1), p1.more], [['/a/1', '/a/2'], true]);
    const p2 = await st.list('/a/', { limit: 2, startAfter: '/a/2' });
    assert.deepEqual([keys(p2), p2.more], [['/a/3'], false]);
    const exact = await st.list('/a/', { limit: 3 });
    assert.deepEqual([keys(exact), exact.more], [['/a/1', '/a/2', '/a/3'], false]);
    assert.deepEqual(keys(await st.list('/a/', { startAfter: '/a/3' })), []);
    assert.deepEqual(keys(await st.list('/nothing/')), []);
    assert.equal(await st.count('/a/'), 3);
    await st.delete('/a/2');
    assert.equal(await st.count('/a/'), 2);
    assert.equal(await st.count('/'), 4);
    assert.equal(await st.count(''), 6);
  });

  t('list() at an older revision sees the state of that revision', async (st) => {
    const a = await st.create('/a/1', b('v1'));
    await st.create('/a/2', b('v1'));
    const rev = await st.currentRevision();
    await st.update('/a/1', b('v2'), a.modRevision);
    await st.delete('/a/2');
    await st.create('/a/3', b('v1'));
    const old = await st.list('/a/', { revision: rev });
    assert.deepEqual(old.kvs.map((kv) => `${kv.key}=${s(kv.value)}@${kv.modRevision}`), [`/a/1=v1@${a.modRevision}`, `/a/2=v1@${rev}`]);
    assert.equal(old.revision, rev);
    const paged = await st.list('/a/', { revision: rev, limit: 1 });
    assert.deepEqual([keys(paged), paged.more], [['/a/1'], true]);
    const next = await st.list('/a/', { revision: rev, limit: 1, startAfter: '/a/1' });
    assert.deepEqual([keys(next), next.more], [['/a/2'], false]);
    assert.deepEqual(keys(await st.list('/a/', { revision: a.modRevision })), ['/a/1']);
    assert.deepEqual(keys(await st.list('/a/')), ['/a/1', '/a/3']);
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
    assert.deepEqual(seen.map(show), [`put /a/1@${a.modRevision + 1}=2`, `put /a/2@${c.modRevision}=x`, `delete /a/2@${c.modRevision + 1}=x`]);
    assert.equal(s(seen[0]!.prevKv!.value), '1');
    assert.equal(seen[1]!.prevKv, undefined);
    assert.deepEqual([s(seen[2]!.prevKv!.value), seen[2]!.prevKv!.modRevision], ['x', c.modRevision]);
  });

  t('watch() filters by prefix and replays everything from revision 0', async (st) => {
    await st.create('/a/1', b('1'));
    await st.create('/ab/1', b('1'));
    const seen: string[] = [];
    const ac = new AbortController();
    await st.watch('/a/', (ev) => seen.push(`${ev.type} ${ev.kv.key}`), { afterRevision: 0, signal: ac.signal });
    await st.create('/ab/2', b('2'));
    await st.create('/a/2', b('2'));
    await st.delete('/ab/1');
    ac.abort();
    assert.deepEqual(seen, ['put /a/1', 'put /a/2']);
  });

  t('watch() delivers live events to every watcher in revision order; a throwing handler is isolated', async (st) => {
    const one: number[] = [];
    const two: number[] = [];
    const ac = new AbortController();
    const now = await st.currentRevision();
    await st.watch('/', () => { throw new Error('bad handler'); }, { afterRevision: now, signal: ac.signal });
    await st.watch('/', (ev) => one.push(ev.kv.modRevision), { afterRevision: now, signal: ac.signal });
    await st.watch('/x/', (ev) => two.push(ev.kv.modRevision), { afterRevision: now, signal: ac.signal });
    const written = await Promise.all(['/x/1', '/y/1', '/x/2'].map((k) => st.create(k, b(k))));
    ac.abort();
    // Writes in flight together get revisions in the order the store applies them, not the order they were
    // issued (kube-apiserver's etcd3 store promises no more: each write is its own transaction); each watcher
    // sees exactly its events, in revision order.
    assert.deepEqual(one, written.map((kv) => kv.modRevision).sort((x, y) => x - y));
    assert.deepEqual(two, [written[0]!.modRevision, written[2]!.modRevision].sort((x, y) => x - y));
  });

  t('compact() makes older revisions unreadable with Compacted', async (st) => {
    const a = await st.create('/a/1', b('1'));
    const u = await st.update('/a/1', b('2'), a.modRevision);
    await st.update('/a/1', b('3'), u.modRevision);
    await st.compact(u.modRevision);
    assert.equal(await st.compactedRevision(), u.modRevision);
    await assert.rejects(st.list('/a/', { revision: a.modRevision }), code('Compacted'));
    await assert.rejects(st.watch('/a/', () => undefined, { afterRevision: a.modRevision }), (e: unknown) => isStorageError(e, 'Compacted') && e.revision === u.modRevision);
    const after: string[] = [];
    const ac = new AbortController();
    await st.watch('/a/', (ev) => after.push(s(ev.kv.value)), { afterRevision: u.modRevision, signal: ac.signal });
    ac.abort();
    assert.deepEqual(after, ['3']);
    assert.deepEqual((await st.list('/a/', { revision: u.modRevision })).kvs.map((kv) => s(kv.value)), ['2']);
    assert.equal(s((await st.list('/a/')).kvs[0]!.value), '3');
    await st.compact(a.modRevision);
    assert.equal(await st.compactedRevision(), u.modRevision, 'compacting at an older revision is a no-op');
  });

  t('compact() keeps deleted keys deleted, unchanged keys readable, and refuses a future revision', async (st) => {
    const keep = await st.create('/a/keep', b('k'));
    await st.create('/a/gone', b('g'));
    const d = await st.delete('/a/gone');
    await st.compact(d.modRevision);
    const at = await st.list('/a/', { revision: d.modRevision });
    assert.deepEqual(at.kvs.map((kv) => `${kv.key}@${kv.modRevision}`), [`/a/keep@${keep.modRevision}`]);
    await st.create('/a/new', b('n'));
    assert.deepEqual(keys(await st.list('/a/', { revision: d.modRevision })), ['/a/keep']);
    assert.equal(await st.currentRevision(), d.modRevision + 1);
    await assert.rejects(st.compact(d.modRevision + 5), RangeError);
    await st.compact(await st.currentRevision());
    assert.deepEqual(keys(await st.list('/a/')), ['/a/keep', '/a/new']);
  });

  if (!reopen) return;
  const tr = (what: string, fn: (before: Store, restart: (st: Store) => Promise<Store>) => Promise<Store>) =>
    test(`${name}: ${what}`, async () => {
      const st = await open();
      let last = st;
      try {
        last = await fn(st, async (closed) => {
          await closed.close();
          last = await reopen(closed);
          return last;
        });
      } finally {
        await st.close();
        await last.close();
      }
    });

  tr('reopen keeps data, revisions and history; watch resumes from a pre-restart revision', async (st, restart) => {
    const a = await st.create('/a/1', b('1'));
    await st.create('/a/2', b('2'));
    await st.update('/a/1', b('1b'), a.modRevision);
    const d = await st.delete('/a/2');
    const st2 = await restart(st);
    assert.equal(await st2.currentRevision(), d.modRevision, 'the revision of a trailing delete survives');
    assert.deepEqual((await st2.list('/a/')).kvs.map((kv) => `${kv.key}=${s(kv.value)}`), ['/a/1=1b']);
    assert.deepEqual(keys(await st2.list('/a/', { revision: a.modRevision + 1 })), ['/a/1', '/a/2']);
    const seen: string[] = [];
    const ac = new AbortController();
    await st2.watch('/a/', (ev) => seen.push(show(ev)), { afterRevision: a.modRevision, signal: ac.signal });
    const next = await st2.create('/a/3', b('3'));
    ac.abort();
    assert.equal(next.modRevision, d.modRevision + 1);
    assert.deepEqual(seen, [`put /a/2@${a.modRevision + 1}=2`, `put /a/1@${a.modRevision + 2}=1b`, `delete /a/2@${d.modRevision}=2`, `put /a/3@${next.modRevision}=3`]);
    return st2;
  });

  tr('reopen keeps the compacted revision and the revision after compacting a trailing delete', async (st, restart) => {
    await st.create('/a/1', b('1'));
    const d = await st.delete('/a/1');
    await st.compact(d.modRevision);
    const st2 = await restart(st);
    assert.deepEqual([await st2.currentRevision(), await st2.compactedRevision()], [d.modRevision, d.modRevision]);
    await assert.rejects(st2.list('/a/', { revision: d.modRevision - 1 }), code('Compacted'));
    assert.equal((await st2.create('/a/1', b('again'))).modRevision, d.modRevision + 1);
    return st2;
  });
}
