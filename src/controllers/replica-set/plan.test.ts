// Tables for the ReplicaSet rule: the diff, the burst limit, the deletion ranking, holding on
// expectations, the counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { burstReplicas, planReplicas } from './plan.js';
import { deletionOrder } from './rank.js';

const NOW = Date.parse('2026-01-01T01:00:00Z');
interface P { node?: string; phase?: string; ready?: boolean; readyAgoS?: number; restarts?: number; createdAgoS?: number; deleting?: boolean; labels?: Record<string, string> }
const pod = (name: string, o: P = {}): Pod => ({
  metadata: {
    name, uid: `uid-${name}`, labels: o.labels ?? { app: 'web' },
    creationTimestamp: new Date(NOW - (o.createdAgoS ?? 3600) * 1000).toISOString(),
    ...(o.deleting ? { deletionTimestamp: new Date(NOW).toISOString() } : {}),
  },
  spec: { containers: [{ name: 'c' }], ...(o.node ? { nodeName: o.node } : {}) },
  status: {
    phase: o.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: new Date(NOW - (o.readyAgoS ?? 3600) * 1000).toISOString() }],
    containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: o.ready !== false, restartCount: o.restarts ?? 0 }],
  },
});
const plan = (replicas: number, pods: Pod[], extra: { minReady?: number; hold?: boolean } = {}) =>
  planReplicas({ replicas, minReadySeconds: extra.minReady ?? 0, templateLabels: { app: 'web' }, pods, nowMs: NOW, ...(extra.hold ? { hold: true } : {}) });

const rows: { name: string; replicas: number; pods: Pod[]; create: number; delete: string[] }[] = [
  { name: 'creates the missing pods', replicas: 3, pods: [pod('a', { node: 'n1' })], create: 2, delete: [] },
  { name: 'finished and deleting pods do not count', replicas: 2, pods: [pod('a', { node: 'n1' }), pod('b', { phase: 'Failed' }), pod('c', { deleting: true })], create: 1, delete: [] },
  { name: 'nothing to do at the right count', replicas: 1, pods: [pod('a', { node: 'n1' })], create: 0, delete: [] },
  { name: 'unscheduled pods go first', replicas: 1, pods: [pod('a', { node: 'n1' }), pod('b', { phase: 'Pending', ready: false })], create: 0, delete: ['b'] },
  { name: 'Pending before Running', replicas: 1, pods: [pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Pending', ready: false })], create: 0, delete: ['b'] },
  { name: 'not ready before ready', replicas: 1, pods: [pod('a', { node: 'n1', ready: false }), pod('b', { node: 'n2' })], create: 0, delete: ['a'] },
  { name: 'a node with more of our pods gives one up first', replicas: 2, pods: [pod('a', { node: 'n1' }), pod('b', { node: 'n2' }), pod('c', { node: 'n2' })], create: 0, delete: ['b'] },
  { name: 'ready for a shorter time first', replicas: 1, pods: [pod('a', { node: 'n1', readyAgoS: 7200 }), pod('b', { node: 'n2', readyAgoS: 10 })], create: 0, delete: ['b'] },
  { name: 'more restarts first', replicas: 1, pods: [pod('a', { node: 'n1' }), pod('b', { node: 'n2', restarts: 4 })], create: 0, delete: ['b'] },
];
for (const r of rows) {
  test(`replica plan: ${r.name}`, () => {
    const p = plan(r.replicas, r.pods);
    assert.equal(p.create, r.create);
    assert.deepEqual(p.delete.map((x) => x.metadata!.name).sort(), r.delete);
  });
}

test('replica plan: at most burstReplicas per sync; nothing while holding', () => {
  assert.equal(plan(2000, []).create, burstReplicas);
  assert.equal(plan(3, [], { hold: true }).create, 0);
  assert.equal(plan(0, [pod('a')], { hold: true }).delete.length, 0);
});

test('replica plan: counts ready, available after minReadySeconds (with a requeue), and fully labeled', () => {
  const p = plan(3, [pod('a', { readyAgoS: 5 }), pod('b', { ready: false }), pod('c', { labels: { app: 'web', extra: 'x' } }), pod('d', { labels: { other: 'y' } })], { minReady: 10 });
  assert.deepEqual(p.counts, { replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 2 });
  assert.equal(p.requeueAfterMs, 5000);
});

test('deletionOrder() breaks ties by age (newer first) and then uid', () => {
  const order = deletionOrder([pod('old', { node: 'n1', createdAgoS: 86400, readyAgoS: 86400 }), pod('new', { node: 'n2', createdAgoS: 86400 / 100, readyAgoS: 86400 })], [], NOW);
  assert.deepEqual(order.map((p) => p.metadata!.name), ['new', 'old']);
});
