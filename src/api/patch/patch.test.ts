import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './index.js';
import { patchMetaFor } from '../schema/index.js';
import { ApiError } from '../errors.js';

const podMeta = patchMetaFor('', 'v1', 'Pod');
const stsMeta = patchMetaFor('apps', 'v1', 'StatefulSet');

const pod = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'busybox' }],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'x' }],
  },
};

test('applyStrategicMergePatch() merges containers by name and keeps unpatched fields (kubectl apply body)', () => {
  const out = applyStrategicMergePatch(pod, { metadata: { annotations: { a: 'b' } }, spec: { $setElementOrder: undefined, '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } }, podMeta) as typeof pod;
  assert.deepEqual(out.spec.containers[0], { name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] });
  assert.equal(out.spec.containers.length, 2);
  assert.deepEqual((out.metadata as Record<string, unknown>)['annotations'], { a: 'b' });
  assert.equal(JSON.stringify(out).includes('$'), false, 'directives are stripped');
});

test('applyStrategicMergePatch() handles $patch delete/replace, null, $deleteFromPrimitiveList and $retainKeys', () => {
  const del = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'side', $patch: 'delete' }] } }, podMeta) as typeof pod;
  assert.deepEqual(del.spec.containers.map((c) => c.name), ['nginx']);
  const lbl = applyStrategicMergePatch(pod, { metadata: { labels: { tier: null } } }, podMeta) as typeof pod;
  assert.deepEqual(lbl.metadata.labels, { app: 'web' });
  const fin = applyStrategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, podMeta) as typeof pod;
  assert.deepEqual(fin.metadata.finalizers, ['b']);
  const vol = applyStrategicMergePatch(pod, { spec: { volumes: [{ name: 'data', hostPath: { path: '/x' }, $retainKeys: ['name', 'hostPath'] }] } }, podMeta) as typeof pod;
  assert.deepEqual(vol.spec.volumes, [{ name: 'data', hostPath: { path: '/x' } }]);
  const tol = applyStrategicMergePatch(pod, { spec: { tolerations: [{ key: 'y' }] } }, podMeta) as typeof pod;
  assert.deepEqual(tol.spec.tolerations, [{ key: 'y' }], 'lists without a merge strategy are replaced');
  const sts = { spec: { replicas: 2, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'new' }] } } } };
  const undo = applyStrategicMergePatch(sts, { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'old' }] } } } }, stsMeta) as typeof sts;
  assert.deepEqual(undo.spec, { replicas: 2, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'old' }] } } });
});

test('applyMergePatch() merges objects, deletes on null, replaces lists', () => {
  assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [3] }), { a: { b: 1, d: 3 }, l: [3] });
});

test('applyJsonPatch() applies add/remove/replace/move/copy and fails a test op with 422', () => {
  const out = applyJsonPatch({ a: [1, 2], b: { c: 'x' } }, [
    { op: 'add', path: '/a/-', value: 3 }, { op: 'remove', path: '/a/0' }, { op: 'replace', path: '/b/c', value: 'y' },
    { op: 'copy', from: '/b/c', path: '/d' }, { op: 'move', from: '/d', path: '/e~1f' },
  ]);
  assert.deepEqual(out, { a: [2, 3], b: { c: 'y' }, 'e/f': 'y' });
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), (e: unknown) => e instanceof ApiError && e.code === 422);
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/zz' }]), (e: unknown) => e instanceof ApiError && e.code === 422);
  assert.throws(() => applyJsonPatch({}, { op: 'add' }), (e: unknown) => e instanceof ApiError && e.code === 400);
});
