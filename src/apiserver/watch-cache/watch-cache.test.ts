import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/index.js';
import { ApiError } from '../../api/index.js';
import { WatchCache, type CacheEvent } from './watch-cache.js';
import { decodeFromStorage, encodeForStorage } from '../registry/object-codec.js';

const enc = (name: string, v: string) => encodeForStorage({ metadata: { name }, data: { v } });

test('WatchCache.watch() replays events after a resourceVersion, then streams live ones', async () => {
  const store = new MemoryStore();
  const a = await store.create('/r/a', enc('a', '1'));
  const cache = new WatchCache({ store, prefix: '/r/', decode: decodeFromStorage });
  await cache.start();
  await store.update('/r/a', enc('a', '2'), a.modRevision);
  const b = await store.create('/r/b', enc('b', '1'));
  const seen: string[] = [];
  using _sub = cache.watch(a.modRevision, (ev: CacheEvent) => seen.push(`${ev.type} ${ev.key} ${ev.rv}`));
  await store.delete('/r/b', b.modRevision);
  assert.deepEqual(seen, [`MODIFIED /r/a ${a.modRevision + 1}`, `ADDED /r/b ${b.modRevision}`, `DELETED /r/b ${b.modRevision + 1}`]);
  assert.deepEqual(cache.list().map((e) => e.key), ['/r/a']);
  assert.equal((cache.get('/r/a')!.object.metadata as { resourceVersion: string }).resourceVersion, String(a.modRevision + 1));
  await cache[Symbol.asyncDispose]();
});

test('WatchCache.watch() from 0 sends the current state as ADDED', async () => {
  const store = new MemoryStore();
  await store.create('/r/x', enc('x', '1'));
  await store.create('/r/y', enc('y', '1'));
  const cache = new WatchCache({ store, prefix: '/r/', decode: decodeFromStorage });
  await cache.start();
  const seen: string[] = [];
  using _sub = cache.watch(0, (ev) => seen.push(`${ev.type} ${ev.key}`));
  assert.deepEqual(seen, ['ADDED /r/x', 'ADDED /r/y']);
  await cache[Symbol.asyncDispose]();
});

test('WatchCache.watch() answers 410 Expired for versions older than its window', async () => {
  const store = new MemoryStore();
  const cache = new WatchCache({ store, prefix: '/r/', decode: decodeFromStorage, capacity: 2 });
  await cache.start();
  const first = await store.create('/r/1', enc('1', '1'));
  for (let i = 2; i <= 5; i++) await store.create(`/r/${i}`, enc(String(i), '1'));
  assert.throws(() => cache.watch(first.modRevision, () => undefined), (e: unknown) => e instanceof ApiError && e.code === 410 && e.reason === 'Expired' && /^too old resource version: /.test(e.message));
  const recent: string[] = [];
  using _ok = cache.watch(first.modRevision + 3, (ev) => recent.push(ev.key));
  assert.deepEqual(recent, ['/r/5']);
  await cache[Symbol.asyncDispose]();
});
