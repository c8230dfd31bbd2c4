import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { ClaimObject, snapshot as s } from '../../api/index.js';
import { planDataSource, type DataSourcePlan, type DataSourceWorld } from './data-source.js';
import { decideProvision } from './provision.js';

const pinned = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] } };
const volume: PersistentVolume = { metadata: { name: 'pv-src' }, spec: { hostPath: { path: '/st/pvc-src' }, nodeAffinity: pinned } };
function claim(name: string, o: { size?: string; source?: { kind: string; name: string; apiGroup?: string }; cls?: string; bound?: boolean; mode?: string; capacity?: string } = {}): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: {
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } }, storageClassName: o.cls ?? 'local-path', volumeMode: o.mode ?? 'Filesystem',
      ...(o.source ? { dataSource: o.source, dataSourceRef: o.source } : {}), ...(o.bound ? { volumeName: 'pv-src' } : {}),
    },
    status: { phase: o.bound ? 'Bound' : 'Pending', ...(o.capacity ? { capacity: { storage: o.capacity } } : {}) },
  };
}
const snap = (o: { ready?: boolean; restoreSize?: string; deleting?: boolean } = {}): s.VolumeSnapshot => ({
  metadata: { name: 'snap', namespace: 'ns', uid: 'uid-snap', ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { source: { persistentVolumeClaimName: 'src' } },
  status: { readyToUse: o.ready ?? true, boundVolumeSnapshotContentName: 'c', ...(o.restoreSize ? { restoreSize: o.restoreSize } : {}) },
});
const content = (o: { driver?: string; handle?: string } = {}): s.VolumeSnapshotContent => ({
  metadata: { name: 'c' },
  spec: { volumeSnapshotRef: { name: 'snap', namespace: 'ns', uid: 'uid-snap' }, deletionPolicy: 'Delete', driver: o.driver ?? 'skiff.io/local-path', source: { volumeHandle: 'pv-src' } },
  status: { snapshotHandle: o.handle ?? 'node-3:/st/snapshots/c', readyToUse: true },
});
const fromSnapshot = { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io', name: 'snap' };
const fromClaim = { kind: 'PersistentVolumeClaim', name: 'src' };

function world(o: { snapshot?: s.VolumeSnapshot; content?: s.VolumeSnapshotContent; source?: PersistentVolumeClaim } = {}): DataSourceWorld {
  return {
    claim: (ns, n) => (ns === 'ns' && n === 'src' ? o.source : undefined),
    volume: (n) => (n === 'pv-src' ? volume : undefined),
    snapshot: (ns, n) => (ns === 'ns' && n === 'snap' ? o.snapshot : undefined),
    content: (n) => (n === 'c' ? o.content : undefined),
  };
}

const cases: [string, DataSourceWorld, PersistentVolumeClaim, DataSourcePlan][] = [
  ['has nothing to do for a claim without a data source', world(), claim('new'), { kind: 'none' }],
  ['leaves a claim of another kind of source to its populator', world(), claim('new', { source: { kind: 'Backup', apiGroup: 'example.com', name: 'b' } }), { kind: 'populator' }],
  ['restores a ready snapshot from its handle\'s node and path', world({ snapshot: snap({ restoreSize: '1Gi' }), content: content() }), claim('new', { source: fromSnapshot }), { kind: 'copy', node: 'node-3', sourcePath: '/st/snapshots/c' }],
  ['waits for a snapshot that is not ready', world({ snapshot: snap({ ready: false }), content: content() }), claim('new', { source: fromSnapshot }), { kind: 'wait', message: 'error getting handle for DataSource Type VolumeSnapshot by Name snap: snapshot snap is not Ready' }],
  ['fails on a missing snapshot', world(), claim('new', { source: fromSnapshot }), { kind: 'fail', message: 'error getting handle for DataSource Type VolumeSnapshot by Name snap: error getting snapshot snap from api server: volumesnapshots.snapshot.storage.k8s.io "snap" not found' }],
  ['fails on a snapshot being deleted', world({ snapshot: snap({ deleting: true }), content: content() }), claim('new', { source: fromSnapshot }), { kind: 'fail', message: 'error getting handle for DataSource Type VolumeSnapshot by Name snap: snapshot snap is currently being deleted' }],
  ['fails on a request below the restore size', world({ snapshot: snap({ restoreSize: '2Gi' }), content: content() }), claim('new', { source: fromSnapshot }), { kind: 'fail', message: 'requested volume size 1073741824 is less than the size 2147483648 for the source snapshot snap' }],
  ['fails on a snapshot of another driver', world({ snapshot: snap(), content: content({ driver: 'csi.example.com' }) }), claim('new', { source: fromSnapshot }), { kind: 'fail', message: 'error getting handle for DataSource Type VolumeSnapshot by Name snap: snapshotcontent c for snapshot ns/snap is of driver csi.example.com, not skiff.io/local-path' }],
  ['clones a bound claim on its volume\'s node', world({ source: claim('src', { bound: true, capacity: '1Gi' }) }), claim('new', { source: fromClaim }), { kind: 'copy', node: 'node-2', sourcePath: '/st/pvc-src', sourceClaim: 'ns/src' }],
  ['waits for the source claim to bind', world({ source: claim('src') }), claim('new', { source: fromClaim }), { kind: 'wait', message: 'error getting handle for DataSource Type PersistentVolumeClaim by Name src: the PVC src not yet bound to a PV' }],
  ['fails on a clone smaller than its source', world({ source: claim('src', { bound: true, capacity: '2Gi' }) }), claim('new', { source: fromClaim }), { kind: 'fail', message: 'error, new PVC request must be greater than or equal in size to the specified PVC data source, requested 1Gi but source is 2Gi' }],
  ['fails on a clone of another class', world({ source: claim('src', { bound: true, cls: 'fast' }) }), claim('new', { source: fromClaim }), { kind: 'fail', message: 'the source PVC and destination PVCs must be in the same storage class for cloning.  Source is in fast, but new PVC is in local-path' }],
  ['fails on a clone of another volume mode', world({ source: claim('src', { bound: true, mode: 'Block' }) }), claim('new', { source: fromClaim }), { kind: 'fail', message: 'the source PVC and destination PVCs must have the same volume mode for cloning.  Source is Block.  Requested PVC is Filesystem.' }],
];
for (const [name, w, c, want] of cases) test(`planDataSource() ${name}`, () => assert.deepEqual(planDataSource(w, c), want));

test('decideProvision() puts a restore on its source\'s node, and refuses another selected node', () => {
  const cls = (mode: string) => ({ metadata: { name: 'local-path' }, provisioner: 'skiff.io/local-path', volumeBindingMode: mode });
  const ours = (annotations: Record<string, string>): ClaimObject => ({ ...claim('new'), metadata: { name: 'new', namespace: 'ns', uid: 'uid-new', annotations: { 'volume.kubernetes.io/storage-provisioner': 'skiff.io/local-path', ...annotations } } });
  assert.deepEqual(decideProvision(ours({}), cls('Immediate'), { sourceNode: 'node-3' }), { action: 'provision', node: 'node-3' });
  assert.deepEqual(decideProvision(ours({}), cls('WaitForFirstConsumer'), { sourceNode: 'node-3' }), { action: 'skip' });
  assert.deepEqual(decideProvision(ours({ 'volume.kubernetes.io/selected-node': 'node-3' }), cls('WaitForFirstConsumer'), { sourceNode: 'node-3' }), { action: 'provision', node: 'node-3' });
  assert.deepEqual(decideProvision(ours({ 'volume.kubernetes.io/selected-node': 'node-1' }), cls('WaitForFirstConsumer'), { sourceNode: 'node-3' }),
    { action: 'fail', message: 'the claim\'s data source is on node "node-3", not on the selected node "node-1"', reschedule: true });
});
