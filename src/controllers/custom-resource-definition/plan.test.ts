import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { planCleanup, planNamesStatus } from './plan.js';

const now = '2026-12-07T00:00:00Z';
const crd = (name: string, kind: string, extra: Partial<CustomResourceDefinition> = {}): CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${name}.example.com` },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural: name, singular: name.slice(0, -1), kind, listKind: `${kind}List` }, versions: [{ name: 'v1', served: true, storage: true }] },
  ...extra,
});
const established = (c: CustomResourceDefinition): CustomResourceDefinition => ({ ...c, status: { acceptedNames: c.spec.names, storedVersions: ['v1'], conditions: [{ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now }, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now }] } });
const conditions = (s: ReturnType<typeof planNamesStatus>): string => (s?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`).join(' ');

test('planNamesStatus: a new CRD gets its names accepted and is Established', () => {
  const s = planNamesStatus(crd('widgets', 'Widget'), [], now);
  assert.equal(conditions(s), 'NamesAccepted=True/NoConflicts Established=True/InitialNamesAccepted');
  assert.equal(s?.acceptedNames?.plural, 'widgets');
});

test('planNamesStatus: nothing to write once accepted and established', () => {
  const c = established(crd('widgets', 'Widget'));
  assert.equal(planNamesStatus(c, [c], now), undefined);
});

test('planNamesStatus: a kind another CRD of the group holds is not accepted, not established', () => {
  const holder = established(crd('widgets', 'Widget'));
  const s = planNamesStatus(crd('gadgets', 'Widget'), [holder], now);
  assert.equal(conditions(s), 'NamesAccepted=False/ListKindConflict Established=False/NotAccepted');
});

test('planNamesStatus: a CRD being deleted is left alone', () => {
  assert.equal(planNamesStatus(crd('widgets', 'Widget', { metadata: { name: 'widgets.example.com', deletionTimestamp: now } }), [], now), undefined);
});

const deleting = (c: CustomResourceDefinition): CustomResourceDefinition => ({ ...c, metadata: { ...c.metadata, deletionTimestamp: now, finalizers: ['customresourcecleanup.apiextensions.k8s.io'] } });

test('planCleanup: resources left are deleted with InstanceDeletionInProgress; none left finishes with InstanceDeletionCompleted', () => {
  const c = deleting(established(crd('widgets', 'Widget')));
  const step = planCleanup(c, [{ namespace: 'a', name: 'w1' }], now);
  assert.equal(step.kind, 'delete');
  assert.deepEqual(step.kind === 'delete' && [step.objects, step.status?.conditions?.find((x) => x.type === 'Terminating')?.reason], [[{ namespace: 'a', name: 'w1' }], 'InstanceDeletionInProgress']);
  const done = planCleanup(c, [], now);
  assert.equal(done.kind === 'finish' && done.status.conditions?.find((x) => x.type === 'Terminating')?.reason, 'InstanceDeletionCompleted');
});

test('planCleanup: never established finishes at once; not deleting or without the finalizer does nothing', () => {
  const never = planCleanup(deleting(crd('widgets', 'Widget')), [], now);
  assert.equal(never.kind === 'finish' && never.status.conditions?.find((x) => x.type === 'Terminating')?.reason, 'NeverEstablished');
  assert.equal(planCleanup(established(crd('widgets', 'Widget')), [], now).kind, 'none');
  assert.equal(planCleanup({ ...established(crd('widgets', 'Widget')), metadata: { name: 'widgets.example.com', deletionTimestamp: now } }, [], now).kind, 'none');
});
