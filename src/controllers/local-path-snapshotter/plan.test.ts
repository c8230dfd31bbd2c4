import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { snapshot as s } from '../../api/index.js';
import { decideContent, snapshotPathFor, type SnapshotterDecision } from './plan.js';

const finalizer = 'snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection';
const pv: PersistentVolume = {
  metadata: { name: 'pv-1' },
  spec: {
    capacity: { storage: '1Gi' }, hostPath: { path: '/data/storage/pvc-1_ns_data' }, claimRef: { namespace: 'ns', name: 'data' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } },
  },
};
const claim: PersistentVolumeClaim = { metadata: { name: 'data', namespace: 'ns' }, spec: {}, status: { capacity: { storage: '2Gi' } } };

function content(o: { driver?: string; finalizer?: boolean; deleting?: boolean; annotated?: boolean; policy?: 'Delete' | 'Retain'; volume?: string; handle?: string; bound?: boolean; status?: s.VolumeSnapshotContent['status'] } = {}): s.VolumeSnapshotContent {
  return {
    metadata: {
      name: 'snapcontent-1', ...(o.finalizer === false ? {} : { finalizers: [finalizer] }), ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      ...(o.annotated ? { annotations: { 'snapshot.storage.kubernetes.io/volumesnapshot-being-deleted': 'yes' } } : {}),
    },
    spec: {
      volumeSnapshotRef: { name: 'snap', namespace: 'ns', ...(o.bound === false ? {} : { uid: 'u' }) }, deletionPolicy: o.policy ?? 'Delete', driver: o.driver ?? 'skiff.io/local-path',
      source: o.handle !== undefined ? { snapshotHandle: o.handle } : { volumeHandle: o.volume ?? 'pv-1' },
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

const world = { volume: (n: string) => (n === 'pv-1' ? pv : undefined), claim: (ns: string, n: string) => (ns === 'ns' && n === 'data' ? claim : undefined) };
const cases: [string, s.VolumeSnapshotContent, SnapshotterDecision][] = [
  ['leaves other drivers\' contents alone', content({ driver: 'csi.example.com', finalizer: false }), { action: 'none' }],
  ['adds its finalizer first', content({ finalizer: false }), { action: 'addFinalizer' }],
  ['copies the source volume\'s directory on its node; restoreSize is the claim\'s capacity', content(), { action: 'take', node: 'node-1', sourcePath: '/data/storage/pvc-1_ns_data', restoreSizeBytes: 2 * 1024 ** 3 }],
  ['is done once the handle is set', content({ status: { snapshotHandle: 'node-1:/x', readyToUse: true } }), { action: 'none' }],
  ['imports a pre-provisioned handle', content({ handle: 'node-2:/data/storage/snapshots/old' }), { action: 'import', handle: 'node-2:/data/storage/snapshots/old' }],
  ['refuses a handle that names no node', content({ handle: '/data/x' }), { action: 'fail', message: 'Failed to check and update snapshot content: snapshot handle "/data/x" is not of the form "<node name>:<absolute path>"' }],
  ['refuses a handle that climbs out of its directory', content({ handle: 'n:/data/../etc' }), { action: 'fail', message: 'Failed to check and update snapshot content: snapshot handle "n:/data/../etc" is not of the form "<node name>:<absolute path>"' }],
  ['reports a source volume that is gone', content({ volume: 'pv-9' }), { action: 'fail', message: 'Failed to check and update snapshot content: failed to take snapshot of the volume pv-9: "persistentvolume \\"pv-9\\" not found"' }],
  ['waits for the common controller before deleting a bound content', content({ deleting: true, status: { snapshotHandle: 'node-1:/s/c' } }), { action: 'none' }],
  ['deletes the copy of a marked Delete content, then lets it go', content({ deleting: true, annotated: true, status: { snapshotHandle: 'node-1:/s/c' } }), { action: 'finishDeletion', deleteHandle: { node: 'node-1', path: '/s/c' } }],
  ['keeps the copy of a marked Retain content', content({ deleting: true, annotated: true, policy: 'Retain', status: { snapshotHandle: 'node-1:/s/c' } }), { action: 'finishDeletion' }],
  ['lets an unbound pre-provisioned content go at once', content({ deleting: true, bound: false, handle: 'node-1:/s/c' }), { action: 'finishDeletion', deleteHandle: { node: 'node-1', path: '/s/c' } }],
  ['has nothing to do for a deleted content without its finalizer', content({ deleting: true, annotated: true, finalizer: false }), { action: 'none' }],
];
for (const [name, c, want] of cases) test(`decideContent() ${name}`, () => assert.deepEqual(decideContent(world, c), want));

test('snapshotPathFor() keeps snapshots under <storageDir>/snapshots', () => {
  assert.equal(snapshotPathFor('/var/lib/skiff/storage/', 'snapcontent-1'), '/var/lib/skiff/storage/snapshots/snapcontent-1');
});
