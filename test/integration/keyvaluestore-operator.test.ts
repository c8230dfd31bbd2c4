// The KeyValueStore operator's decisions (test/fixtures/operator/desired.js), pure: the objects a store owns, the
// patch bringing its StatefulSet to the store's spec, and its status. The e2e agent-operator test runs the operator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Obj { metadata: { name: string; namespace?: string; uid?: string; generation?: number; ownerReferences?: object[] }; spec?: Record<string, unknown>; status?: Record<string, unknown> }
interface Status { observedGeneration: number; replicas: number; readyReplicas: number; selector: string; conditions: { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[] }
interface Desired {
  desiredStatefulSet(store: Obj): Obj & { spec: { replicas: number; volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
  statefulSetPatch(store: Obj, existing: Obj): { spec: Record<string, unknown> } | undefined;
  desiredStatus(store: Obj, set: Obj | undefined, now: Date): Status;
  statusChanged(current: unknown, next: Status): boolean;
}
const desired = await import(pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'operator', 'desired.js')).href) as Desired;

const store = (spec: Record<string, unknown>, status?: Record<string, unknown>): Obj => ({ metadata: { name: 'kv', namespace: 'ns', uid: 'u1', generation: 2 }, spec: { image: 'kv:1', ...spec }, ...(status ? { status } : {}) });
const set = (replicas: number, ready: number, generation = 1, observed = generation): Obj => ({ metadata: { name: 'kv', generation }, spec: { replicas, template: { spec: { containers: [{ name: 'kv', image: 'kv:1' }] } } }, status: { replicas, readyReplicas: ready, observedGeneration: observed } });
const t0 = new Date('2026-01-01T00:00:00.123Z');

test('desiredStatefulSet() is controlled by the store and claims spec.storage, 1Gi when absent', () => {
  const sts = desired.desiredStatefulSet(store({ replicas: 3, storage: '2Gi' }));
  assert.deepEqual(sts.metadata.ownerReferences, [{ apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', name: 'kv', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual([sts.spec.replicas, sts.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage], [3, '2Gi']);
  assert.equal(desired.desiredStatefulSet(store({})).spec.volumeClaimTemplates[0]?.spec.resources.requests.storage, '1Gi');
});

test('statefulSetPatch() changes replicas and the image only when they differ', () => {
  assert.equal(desired.statefulSetPatch(store({ replicas: 2 }), set(2, 2)), undefined);
  assert.deepEqual(desired.statefulSetPatch(store({ replicas: 4 }), set(2, 2)), { spec: { replicas: 4 } });
  const patch = desired.statefulSetPatch(store({ replicas: 2, image: 'kv:2' }), set(2, 2));
  assert.deepEqual(patch, { spec: { template: { spec: { containers: [{ name: 'kv', image: 'kv:2', ports: [{ name: 'kv', containerPort: 80 }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } } } });
});

test('desiredStatus() is Ready only when the set observed its spec and every replica is ready; the transition time moves with the status', () => {
  const creating = desired.desiredStatus(store({ replicas: 2 }), undefined, t0);
  assert.deepEqual(creating, { observedGeneration: 2, replicas: 0, readyReplicas: 0, selector: 'app.kubernetes.io/name=keyvaluestore,app.kubernetes.io/instance=kv',
    conditions: [{ type: 'Ready', status: 'False', reason: 'Creating', message: 'creating the StatefulSet', observedGeneration: 2, lastTransitionTime: '2026-01-01T00:00:00Z' }] });
  const later = new Date('2026-01-01T00:01:00Z');
  const partial = desired.desiredStatus(store({ replicas: 2 }, creating as unknown as Record<string, unknown>), set(2, 1), later);
  assert.deepEqual([partial.conditions[0]?.reason, partial.conditions[0]?.message, partial.conditions[0]?.lastTransitionTime], ['ReplicasNotReady', '1/2 replicas ready', '2026-01-01T00:00:00Z']);
  const stale = desired.desiredStatus(store({ replicas: 2 }), set(2, 2, 3, 2), later);
  assert.equal(stale.conditions[0]?.status, 'False', 'a set that has not observed its last spec is not ready');
  const ready = desired.desiredStatus(store({ replicas: 2 }, partial as unknown as Record<string, unknown>), set(2, 2), later);
  assert.deepEqual([ready.conditions[0]?.status, ready.conditions[0]?.reason, ready.conditions[0]?.lastTransitionTime], ['True', 'AllReplicasReady', '2026-01-01T00:01:00Z']);
});

test('statusChanged() ignores key order and lastTransitionTime', () => {
  const next = desired.desiredStatus(store({ replicas: 1 }), set(1, 1), t0);
  const fromServer = JSON.parse(JSON.stringify({ conditions: next.conditions.map((c) => ({ ...c, lastTransitionTime: '2020-01-01T00:00:00Z' })), selector: next.selector, readyReplicas: 1, replicas: 1, observedGeneration: 2 })) as unknown;
  assert.equal(desired.statusChanged(fromServer, next), false);
  assert.equal(desired.statusChanged(undefined, next), true);
  assert.equal(desired.statusChanged({ ...next, readyReplicas: 0 }, next), true);
});
