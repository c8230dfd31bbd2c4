// Tables for the rolling-update arithmetic and the status rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { newReplicaSet, sameTemplate, splitReplicaSets } from './replica-sets.js';
import { fenceposts, newRSReplicas, oldReplicaSetSizes, proportionalSizes } from './rolling.js';
import { deploymentStatus } from './status.js';

const deploy = (replicas: number, strategy: object = {}): DeploymentObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 2 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', ...strategy }, progressDeadlineSeconds: 600,
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
});
const rs = (name: string, replicas: number, available: number, created: string, image = 'nginx:1'): ReplicaSetObject => ({
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image }] } } },
  status: { replicas, readyReplicas: available, availableReplicas: available },
});

test('fenceposts() rounds surge up and unavailability down; both zero makes maxUnavailable 1', () => {
  assert.deepEqual(fenceposts(deploy(10)), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(fenceposts(deploy(3, { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), { maxSurge: 0, maxUnavailable: 1 });
});

test('newRSReplicas() scales up within replicas + maxSurge', () => {
  const d = deploy(10);
  assert.equal(newRSReplicas(d, [rs('old', 10, 10, 'a')], undefined), 3);
  const n = rs('new', 3, 0, 'b', 'nginx:2');
  assert.equal(newRSReplicas(d, [rs('old', 10, 10, 'a'), n], n), 3, 'total already at 13');
  assert.equal(newRSReplicas(d, [rs('old', 8, 8, 'a'), n], n), 5);
  assert.equal(newRSReplicas(deploy(3, { type: 'Recreate' }), [], undefined), 3);
});

test('oldReplicaSetSizes() removes unavailable pods first, then keeps replicas - maxUnavailable available', () => {
  const d = deploy(10);
  // 10 old all available, 3 new not yet available: 13 - 8 - 3 = 2 may go.
  assert.deepEqual([...oldReplicaSetSizes(d, [rs('old', 10, 10, 'a')], rs('new', 3, 0, 'b', 'nginx:2'))], [['old', 8]]);
  // Unhealthy old pods go first (they cost no availability).
  assert.deepEqual([...oldReplicaSetSizes(d, [rs('old', 10, 7, 'a')], rs('new', 3, 3, 'b', 'nginx:2'))], [['old', 5]]);
  // Nothing may go while the new pods are unavailable and the old are at the floor.
  assert.deepEqual([...oldReplicaSetSizes(deploy(3, { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }), [rs('old', 3, 3, 'a')], rs('new', 1, 0, 'b', 'nginx:2'))], []);
  // Oldest first across several old ReplicaSets.
  assert.deepEqual([...oldReplicaSetSizes(deploy(4, { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }), [rs('older', 2, 2, 'a'), rs('old', 2, 2, 'b')], rs('new', 1, 1, 'c', 'nginx:2'))], [['older', 1]]);
});

test('proportionalSizes() shares a replicas change by size, the rest to the newest', () => {
  const sizes = proportionalSizes(deploy(20, { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }), [rs('old', 6, 6, 'a'), rs('new', 4, 4, 'b')]);
  assert.deepEqual(Object.fromEntries(sizes), { old: 12, new: 8 });
});

test('splitReplicaSets() finds the ReplicaSet of the template, ignoring the hash label and null metadata', () => {
  const d = deploy(1);
  const a = newReplicaSet(d, 1, 1, 0, 0);
  const withNull = { ...a, spec: { ...a.spec, template: { ...a.spec.template, metadata: { ...a.spec.template!.metadata, creationTimestamp: null as unknown as string } } } };
  assert.equal(sameTemplate(withNull.spec.template, d.spec.template), true);
  const { newRS, oldRSs } = splitReplicaSets(d, [rs('old', 1, 1, 'a'), withNull]);
  assert.equal(newRS?.metadata.name, a.metadata.name);
  assert.deepEqual(oldRSs.map((r) => r.metadata.name), ['old']);
  assert.match(a.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(a.spec.selector.matchLabels!['pod-template-hash'], a.metadata.name.slice(4));
});

test('deploymentStatus() counts the ReplicaSets and sets Available and Progressing as upstream', () => {
  const d = deploy(3);
  const n = rs('new', 3, 3, 'b', 'nginx:2');
  const s = deploymentStatus({ d, allRSs: [rs('old', 0, 0, 'a'), n], newRS: n, now: '2026-01-01T00:00:00Z' });
  assert.deepEqual({ ...s, conditions: s.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}: ${c.message}`) }, {
    observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0,
    conditions: ['Available=True/MinimumReplicasAvailable: Deployment has minimum availability.', 'Progressing=True/NewReplicaSetAvailable: ReplicaSet "new" has successfully progressed.'],
  });
  const stuck = { ...d, status: { replicas: 3, updatedReplicas: 3, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
  const n2 = rs('new', 3, 0, 'b', 'nginx:2');
  const t = deploymentStatus({ d: stuck, allRSs: [n2], newRS: n2, now: '2026-01-01T00:11:00Z' });
  assert.equal(t.conditions!.find((c) => c.type === 'Progressing')!.reason, 'ProgressDeadlineExceeded');
  assert.equal(t.conditions!.find((c) => c.type === 'Available')!.status, 'False');
});
