import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupResource, type KubeObject } from '../../api/index.js';
import { defaultStorageClass, persistentVolumeClaimResize, storageObjectInUseProtection } from './storage.js';

const pvcDesc = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const pvDesc = lookupResource('', 'v1', 'persistentvolumes')!;
const classes = (list: KubeObject[]) => ({ list: () => list });
const sc = (name: string, o: { isDefault?: boolean; expand?: boolean } = {}): KubeObject => ({
  metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z', ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  ...(o.expand ? { allowVolumeExpansion: true } : {}),
});
const claim = (o: { cls?: string; size?: string; beta?: string } = {}): KubeObject => ({
  metadata: { name: 'c', ...(o.beta ? { annotations: { 'volume.beta.kubernetes.io/storage-class': o.beta } } : {}) },
  spec: { ...(o.cls !== undefined ? { storageClassName: o.cls } : {}), resources: { requests: { storage: o.size ?? '1Gi' } } },
});

test('defaultStorageClass() names the default class only for claims that name none', () => {
  const plugin = defaultStorageClass(classes([sc('plain'), sc('std', { isDefault: true })]));
  const run = (c: KubeObject): unknown => { plugin.admit('CREATE', pvcDesc, c, undefined); return (c['spec'] as { storageClassName?: string }).storageClassName; };
  assert.equal(run(claim()), 'std');
  assert.equal(run(claim({ cls: '' })), '');
  assert.equal(run(claim({ cls: 'plain' })), 'plain');
  assert.equal(run(claim({ beta: 'plain' })), undefined);
  const none = defaultStorageClass(classes([sc('plain')]));
  const c = claim();
  none.admit('CREATE', pvcDesc, c, undefined);
  assert.equal((c['spec'] as { storageClassName?: string }).storageClassName, undefined);
});

test('storageObjectInUseProtection() appends the protection finalizer once', () => {
  const c: KubeObject = { metadata: { name: 'c', finalizers: ['x'] }, spec: {} };
  storageObjectInUseProtection.admit('CREATE', pvcDesc, c, undefined);
  storageObjectInUseProtection.admit('CREATE', pvcDesc, c, undefined);
  assert.deepEqual((c.metadata as { finalizers: string[] }).finalizers, ['x', 'kubernetes.io/pvc-protection']);
  const v: KubeObject = { metadata: { name: 'v' }, spec: {} };
  storageObjectInUseProtection.admit('CREATE', pvDesc, v, undefined);
  assert.deepEqual((v.metadata as { finalizers: string[] }).finalizers, ['kubernetes.io/pv-protection']);
});

test('persistentVolumeClaimResize() forbids growth unless the class allows expansion', () => {
  const plugin = persistentVolumeClaimResize(classes([sc('grow', { expand: true }), sc('fixed')]));
  const grow = (cls: string, from: string, to: string) => plugin.admit('UPDATE', pvcDesc, claim({ cls, size: to }), claim({ cls, size: from }));
  assert.doesNotThrow(() => grow('grow', '1Gi', '2Gi'));
  assert.doesNotThrow(() => grow('fixed', '2Gi', '2Gi'));
  assert.doesNotThrow(() => grow('fixed', '2Gi', '1Gi'));
  for (const cls of ['fixed', 'missing', '']) {
    assert.throws(() => grow(cls, '1Gi', '2Gi'), (e: unknown) => {
      const err = e as { code: number; message: string };
      assert.equal(err.code, 403);
      assert.equal(err.message, 'persistentvolumeclaims "c" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
      return true;
    });
  }
});

test('DefaultTolerationSeconds adds the not-ready and unreachable tolerations (300 s) unless a pod has its own', async () => {
  const { defaultTolerationSecondsAdmission } = await import('./default-toleration-seconds.js');
  const podDesc = { group: '', kind: 'Pod' } as Parameters<typeof defaultTolerationSecondsAdmission.admit>[1];
  const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] } };
  defaultTolerationSecondsAdmission.admit('CREATE', podDesc, p, undefined);
  assert.deepEqual(p.spec.tolerations, [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});
