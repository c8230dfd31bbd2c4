import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { awaitedEvictions, budgetStatus, countHealthy, expectedPodCount, failSafeStatus, type PodScale } from './disruption.js';

const now = '2026-04-01T10:00:00Z';
const nowMs = Date.parse(now);
const pod = (name: string, o: { ready?: boolean; owner?: string; deleting?: boolean } = {}): Pod => ({
  metadata: { name, namespace: 'ns', ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: o.owner, controller: true }] } : {}), ...(o.deleting ? { deletionTimestamp: now } : {}) },
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const pdb = (spec: NonNullable<PodDisruptionBudget['spec']>, status?: PodDisruptionBudget['status'], generation = 1): PodDisruptionBudget => ({ metadata: { name: 'b', namespace: 'ns', generation }, spec, ...(status ? { status } : {}) });
const scales: Record<string, number> = { web: 4, api: 2 };
const scaleOf = (p: Pod): PodScale => {
  const ref = p.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref) return 'unmanaged';
  return scales[ref.name] === undefined ? undefined : { uid: ref.uid, scale: scales[ref.name]! };
};

type Row = { name: string; spec: NonNullable<PodDisruptionBudget['spec']>; pods: Pod[]; want: ReturnType<typeof expectedPodCount> };
const web = [pod('w1', { owner: 'web' }), pod('w2', { owner: 'web' }), pod('w3', { owner: 'web' })];
const rows: Row[] = [
  { name: 'minAvailable as an int: the pods are the expected count', spec: { minAvailable: 2 }, pods: web, want: { expectedCount: 3, desiredHealthy: 2, unmanaged: [] } },
  { name: 'minAvailable as a percent of the controller scale, rounded up', spec: { minAvailable: '50%' }, pods: web, want: { expectedCount: 4, desiredHealthy: 2, unmanaged: [] } },
  { name: 'minAvailable 30% of 4 rounds up to 2', spec: { minAvailable: '30%' }, pods: web, want: { expectedCount: 4, desiredHealthy: 2, unmanaged: [] } },
  { name: 'maxUnavailable as an int against the scale', spec: { maxUnavailable: 1 }, pods: web, want: { expectedCount: 4, desiredHealthy: 3, unmanaged: [] } },
  { name: 'maxUnavailable 25% of two controllers (4 + 2) rounds up to 2', spec: { maxUnavailable: '25%' }, pods: [...web, pod('a1', { owner: 'api' })], want: { expectedCount: 6, desiredHealthy: 4, unmanaged: [] } },
  { name: 'maxUnavailable larger than the scale desires none', spec: { maxUnavailable: 10 }, pods: web, want: { expectedCount: 4, desiredHealthy: 0, unmanaged: [] } },
  { name: 'unmanaged pods are reported, not counted', spec: { maxUnavailable: 1 }, pods: [...web, pod('lonely')], want: { expectedCount: 4, desiredHealthy: 3, unmanaged: ['lonely'] } },
  { name: 'a pod whose controller is gone fails the percentage', spec: { minAvailable: '50%' }, pods: [pod('x', { owner: 'gone' })], want: { error: 'found no controllers for pod "x"' } },
  { name: 'an int minAvailable needs no controllers', spec: { minAvailable: 1 }, pods: [pod('x', { owner: 'gone' })], want: { expectedCount: 1, desiredHealthy: 1, unmanaged: [] } },
];
for (const r of rows) test(`expectedPodCount() ${r.name}`, () => assert.deepEqual(expectedPodCount(pdb(r.spec), r.pods, scaleOf), r.want));

test('awaitedEvictions() keeps recent evictions of pods not yet deleting and says when to look again', () => {
  const pods = [pod('a'), pod('b'), pod('c', { deleting: true }), pod('d')];
  const r = awaitedEvictions(pods, { a: '2026-04-01T09:59:30Z', b: '2026-04-01T09:57:00Z', c: '2026-04-01T09:59:59Z', gone: now }, nowMs);
  assert.deepEqual(r, { awaited: { a: '2026-04-01T09:59:30Z' }, recheckAtMs: Date.parse('2026-04-01T10:01:30Z'), expired: ['b'] });
  assert.deepEqual(awaitedEvictions(pods, undefined, nowMs), { awaited: {}, expired: [] });
});

test('countHealthy() counts ready pods neither deleting nor awaiting eviction', () => {
  const pods = [pod('a'), pod('b', { ready: false }), pod('c', { deleting: true }), pod('d'), pod('e')];
  assert.equal(countHealthy(pods, { d: '2026-04-01T09:59:30Z' }, nowMs), 2);
});

test('budgetStatus() computes disruptionsAllowed and the DisruptionAllowed condition', () => {
  const st = budgetStatus(pdb({ minAvailable: 2 }, undefined, 3), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, awaited: {} }, now);
  assert.deepEqual(st, {
    currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 3,
    conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 3, lastTransitionTime: now }],
  });
  // Unchanged: no write.
  assert.equal(budgetStatus(pdb({ minAvailable: 2 }, st, 3), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, awaited: {} }, '2026-04-01T10:05:00Z'), undefined);
  const later = '2026-04-01T10:05:00Z';
  const down = budgetStatus(pdb({ minAvailable: 2 }, st, 3), { currentHealthy: 2, desiredHealthy: 2, expectedCount: 3, awaited: { x: now } }, later);
  assert.deepEqual(down, {
    currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0, observedGeneration: 3, disruptedPods: { x: now },
    conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 3, lastTransitionTime: later }],
  });
});

test('budgetStatus() allows nothing while no pods are expected, and more healthy than desired never goes negative', () => {
  assert.equal(budgetStatus(pdb({ minAvailable: 0 }), { currentHealthy: 0, desiredHealthy: 0, expectedCount: 0, awaited: {} }, now)?.disruptionsAllowed, 0);
  assert.equal(budgetStatus(pdb({ minAvailable: 5 }), { currentHealthy: 2, desiredHealthy: 5, expectedCount: 2, awaited: {} }, now)?.disruptionsAllowed, 0);
});

test('failSafeStatus() zeroes disruptionsAllowed with a SyncFailed condition', () => {
  const st = failSafeStatus(pdb({ minAvailable: '50%' }, { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, observedGeneration: 1 }), 'found no controllers for pod "x"', now);
  assert.deepEqual(st, {
    currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 0, observedGeneration: 1,
    conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "x"', observedGeneration: 1, lastTransitionTime: now }],
  });
});
