import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { evictionMessage, rankForEviction, type PodUsage } from './eviction.js';

const usage = (name: string, bytes: number, o: { request?: string; priority?: number; podBytes?: number } = {}): PodUsage => ({
  pod: { metadata: { name }, spec: { ...(o.priority !== undefined ? { priority: o.priority } : {}), containers: [{ name: 'c', ...(o.request ? { resources: { requests: { memory: o.request, 'ephemeral-storage': o.request } } } : {}) }] } } as Pod,
  containers: [{ name: 'c', bytes }], podBytes: o.podBytes ?? 0,
});

test('rankForEviction(): over-request pods first, then lower priority, then most use above the request', () => {
  const mi = 1024 * 1024;
  const ranked = rankForEviction('memory', [
    usage('within', 50 * mi, { request: '100Mi' }),
    usage('small-over', 20 * mi),
    usage('big-over', 80 * mi),
    usage('important-over', 500 * mi, { priority: 1000 }),
  ]).map((u) => u.pod.metadata?.name);
  assert.deepEqual(ranked, ['big-over', 'small-over', 'important-over', 'within']);
  // Pod-level use (emptyDirs, logs) counts for ephemeral-storage.
  assert.deepEqual(rankForEviction('ephemeral-storage', [usage('a', 10), usage('b', 1, { podBytes: 100 })]).map((u) => u.pod.metadata?.name), ['b', 'a']);
});

test('evictionMessage(): upstream\'s wording, with the containers that used more than their request', () => {
  assert.equal(evictionMessage('ephemeral-storage', 9830400, 6553600, usage('p', 41943040, { podBytes: 4096 })),
    'The node was low on resource: ephemeral-storage. Threshold quantity: 9600Ki, available: 6400Ki. Container c was using 40960Ki, request is 0, has larger consumption of ephemeral-storage. ');
});
