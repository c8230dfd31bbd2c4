import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ApiError } from '../../errors.js';
import { budgetsForPod, canEvictUnhealthy, canIgnoreBudgets, checkAndDecrement } from './eviction.js';

const now = '2026-04-01T10:00:00Z';
const pod = (o: { phase?: string; ready?: boolean; labels?: Record<string, string>; deleting?: boolean } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', labels: o.labels ?? { app: 'web' }, ...(o.deleting ? { deletionTimestamp: now } : {}) },
  status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const pdb = (o: { selector?: object | undefined; status?: Partial<NonNullable<PodDisruptionBudget['status']>>; generation?: number; policy?: string; ns?: string; name?: string } = {}): PodDisruptionBudget => ({
  metadata: { name: o.name ?? 'b', namespace: o.ns ?? 'ns', generation: o.generation ?? 1 },
  spec: { ...('selector' in o ? (o.selector ? { selector: o.selector } : {}) : { selector: { matchLabels: { app: 'web' } } }), ...(o.policy ? { unhealthyPodEvictionPolicy: o.policy } : {}) },
  status: { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1, ...o.status },
});

test('canIgnoreBudgets() for terminal, pending and terminating pods only', () => {
  assert.deepEqual(['Succeeded', 'Failed', 'Pending', 'Running'].map((phase) => canIgnoreBudgets(pod({ phase }))), [true, true, true, false]);
  assert.equal(canIgnoreBudgets(pod({ deleting: true })), true);
});

test('budgetsForPod() matches selectors in the pod namespace; an empty selector matches all, a missing one nothing', () => {
  const list = [pdb({ name: 'a' }), pdb({ name: 'other-ns', ns: 'x' }), pdb({ name: 'db', selector: { matchLabels: { app: 'db' } } }), pdb({ name: 'all', selector: {} }), pdb({ name: 'none', selector: undefined })];
  assert.deepEqual(budgetsForPod(list, pod()).map((b) => b.metadata?.name), ['a', 'all']);
});

test('canEvictUnhealthy() follows unhealthyPodEvictionPolicy', () => {
  assert.equal(canEvictUnhealthy(pod(), pdb()), false);
  assert.equal(canEvictUnhealthy(pod({ ready: false }), pdb()), true);
  assert.equal(canEvictUnhealthy(pod({ ready: false }), pdb({ status: { currentHealthy: 1, desiredHealthy: 2 } })), false);
  assert.equal(canEvictUnhealthy(pod({ ready: false }), pdb({ status: { currentHealthy: 1, desiredHealthy: 2 }, policy: 'AlwaysAllow' })), true);
  assert.equal(canEvictUnhealthy(pod({ ready: false }), pdb({ status: { currentHealthy: 0, desiredHealthy: 0 } })), false);
});

test('checkAndDecrement() records the disruption and turns the condition off at zero', () => {
  assert.deepEqual(checkAndDecrement(pdb(), 'p', { now, dryRun: false }), {
    currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0, observedGeneration: 1, disruptedPods: { p: now },
    conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: now }],
  });
  const two = checkAndDecrement(pdb({ status: { disruptionsAllowed: 2 } }), 'p', { now, dryRun: true });
  assert.deepEqual(two, { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
});

const errorOf = (r: unknown): { code: number; message: string; details: unknown } => {
  assert.ok(r instanceof ApiError);
  return { code: r.code, message: r.message, details: r.details };
};

test('checkAndDecrement() answers 429 with the budget cause when nothing may be disrupted', () => {
  assert.deepEqual(errorOf(checkAndDecrement(pdb({ status: { disruptionsAllowed: 0, currentHealthy: 2 } }), 'p', { now, dryRun: false })), {
    code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget b needs 2 healthy pods and has 2 currently' }] },
  });
  assert.deepEqual(errorOf(checkAndDecrement(pdb({ generation: 2 }), 'p', { now, dryRun: false })), {
    code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget b is still being processed by the server.' }], retryAfterSeconds: 10 },
  });
  assert.equal(errorOf(checkAndDecrement(pdb({ status: { disruptionsAllowed: -1 } }), 'p', { now, dryRun: false })).message, 'poddisruptionbudget.policy "b" is forbidden: pdb disruptions allowed is negative');
});
