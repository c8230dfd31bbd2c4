import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { attachableVolumes, isMultiAttachForbidden } from './volume-attachment.js';

const pv = (name: string, spec: NonNullable<PersistentVolume['spec']>): PersistentVolume => ({ metadata: { name }, spec });
const claim = (name: string, volumeName: string): PersistentVolumeClaim => ({ metadata: { name, namespace: 'ns' }, spec: { volumeName } });

test('attachableVolumes(): bound claims to hostPath PVs without node affinity; pinned or unbound volumes never attach', () => {
  const volumes = new Map([
    ['free', pv('free', { hostPath: { path: '/d' }, accessModes: ['ReadWriteOnce'] })],
    ['pinned', pv('pinned', { hostPath: { path: '/e' }, accessModes: ['ReadWriteOnce'], nodeAffinity: { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } })],
    ['shared', pv('shared', { hostPath: { path: '/f' }, accessModes: ['ReadWriteMany'] })],
  ]);
  const claims = new Map([['ns/a', claim('a', 'free')], ['ns/b', claim('b', 'pinned')], ['ns/c', claim('c', 'shared')], ['ns/d', claim('d', '')]]);
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], volumes: ['a', 'b', 'c', 'd', 'missing'].map((c) => ({ name: `v-${c}`, persistentVolumeClaim: { claimName: c } })).concat([{ name: 'tmp', emptyDir: {} } as never]) } };
  const got = attachableVolumes(pod, { claim: (ns, n) => claims.get(`${ns}/${n}`), volume: (n) => volumes.get(n) });
  assert.deepEqual(got, [
    { podVolume: 'v-a', pvName: 'free', uniqueName: 'kubernetes.io/host-path/free', multiAttachForbidden: true },
    { podVolume: 'v-c', pvName: 'shared', uniqueName: 'kubernetes.io/host-path/shared', multiAttachForbidden: false },
  ]);
});

test('isMultiAttachForbidden(): upstream\'s rule on access modes', () => {
  assert.equal(isMultiAttachForbidden(pv('x', {})), false);
  assert.equal(isMultiAttachForbidden(pv('x', { accessModes: ['ReadWriteOnce'] })), true);
  assert.equal(isMultiAttachForbidden(pv('x', { accessModes: ['ReadWriteOncePod'] })), true);
  assert.equal(isMultiAttachForbidden(pv('x', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })), false);
});
