// The daemon pod: default tolerations, node-name affinity, revision labels, target node, isPodUpdated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonPodTemplate, isPodUpdated, newDaemonPod, targetNodeOf, withDaemonTolerations, withNodeNameAffinity } from './daemon-pod.js';
import { daemonSet, pod } from './testing.js';

test('withDaemonTolerations() adds the defaults, replaces an equal toleration (dropping its seconds), keeps the rest', () => {
  const got = withDaemonTolerations({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'gpu', operator: 'Exists' }] });
  assert.deepEqual(got.map((t) => `${t.key}:${t.effect ?? ''}${t.tolerationSeconds !== undefined ? `:${t.tolerationSeconds}` : ''}`), [
    'node.kubernetes.io/not-ready:NoExecute', 'gpu:', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  assert.ok(got.every((t) => t.operator === 'Exists'));
  assert.equal(withDaemonTolerations({ hostNetwork: true }).at(-1)?.key, 'node.kubernetes.io/network-unavailable');
});

test('withNodeNameAffinity() replaces the required terms with one matchFields term, keeps the rest of the affinity', () => {
  const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
  const got = withNodeNameAffinity({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] },
  }, 'n7');
  assert.deepEqual(got, {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] },
  });
  assert.deepEqual(withNodeNameAffinity(undefined, 'n1'), { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } });
});

test('newDaemonPod() is <ds>-<random>, controlled by the DaemonSet, labelled with generation and hash, pinned to the node', () => {
  const ds = daemonSet({ templateGeneration: '4', tolerations: [{ key: 'gpu', operator: 'Exists' }] });
  const p = newDaemonPod(ds, daemonPodTemplate(ds, 'abc'), 'n3');
  assert.equal(p.metadata?.generateName, 'agent-');
  assert.deepEqual(p.metadata?.labels, { app: 'agent', 'pod-template-generation': '4', 'controller-revision-hash': 'abc' });
  assert.deepEqual(p.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true, blockOwnerDeletion: true }]);
  assert.equal(p.spec?.nodeName, undefined);
  assert.equal(targetNodeOf(p), 'n3');
  assert.equal(p.spec?.tolerations?.length, 7);
  // The DaemonSet's template is not touched.
  assert.equal(ds.spec?.template.spec?.tolerations?.length, 1);
  assert.equal(ds.spec?.template.spec?.affinity, undefined);
});

test('targetNodeOf() prefers spec.nodeName, else a single-valued metadata.name In requirement', () => {
  assert.equal(targetNodeOf(pod('p', 'n1')), 'n1');
  assert.equal(targetNodeOf(pod('p', 'n2', { unbound: true })), 'n2');
  assert.equal(targetNodeOf({ spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }] } } } } }), undefined);
  assert.equal(targetNodeOf({ spec: { containers: [] } }), undefined);
});

test('isPodUpdated() matches the hash or the template generation label', () => {
  assert.equal(isPodUpdated(pod('p', 'n1', { hash: 'h1' }), 'h1', '3'), true);
  assert.equal(isPodUpdated(pod('p', 'n1', { hash: 'h0', generation: '3' }), 'h1', '3'), true);
  assert.equal(isPodUpdated(pod('p', 'n1', { hash: 'h0', generation: '2' }), 'h1', '3'), false);
  assert.equal(isPodUpdated(pod('p', 'n1', { hash: 'h0', generation: '3' }), 'h1', undefined), false);
});
