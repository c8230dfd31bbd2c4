import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteDocsCache, type RemoteDocs } from './remote-docs.js';

function harness(answers: RemoteDocs[]): { cache: RemoteDocsCache; calls: string[]; advance(ms: number): void } {
  let now = 0;
  const calls: string[] = [];
  const cache = new RemoteDocsCache({
    now: () => now,
    fetch: async (name) => { calls.push(name); return answers.shift() ?? { resources: undefined, openApiUrl: undefined }; },
  });
  return { cache, calls, advance: (ms) => { now += ms; } };
}
const good = (r: string): RemoteDocs => ({ resources: [{ resource: r }], openApiUrl: undefined });
const failed: RemoteDocs = { resources: undefined, openApiUrl: undefined };

test('RemoteDocsCache.get() fetches once per APIService revision and refetches at once when it changes', async () => {
  const h = harness([good('a'), good('b')]);
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('a'));
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('a'));
  assert.deepEqual(await h.cache.get('v1.x', '2'), good('b'));
  assert.deepEqual(h.calls, ['v1.x', 'v1.x']);
});

test('RemoteDocsCache.get() serves an old entry and refreshes it behind; a failed refresh keeps the last good one', async () => {
  const h = harness([good('a'), failed]);
  await h.cache.get('v1.x', '1');
  h.advance(61_000);
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('a'), 'served while refreshing');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('a'));
  assert.equal(h.calls.length, 2);
});

test('RemoteDocsCache.get() retries a failed first fetch only after a pause, and concurrent callers share a fetch', async () => {
  const h = harness([failed, good('a')]);
  const [x, y] = await Promise.all([h.cache.get('v1.x', '1'), h.cache.get('v1.x', '1')]);
  assert.deepEqual([x, y], [failed, failed]);
  assert.deepEqual(await h.cache.get('v1.x', '1'), failed, 'not retried at once');
  h.advance(5_000);
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('a'));
  assert.equal(h.calls.length, 2);
});

test('RemoteDocsCache.retain() forgets deleted APIServices', async () => {
  const h = harness([good('a'), good('b')]);
  await h.cache.get('v1.x', '1');
  h.cache.retain(new Set());
  assert.deepEqual(await h.cache.get('v1.x', '1'), good('b'));
});
