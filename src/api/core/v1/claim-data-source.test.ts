import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import { claimDataSourceOf, dataSourcePlacement, normalizeClaimDataSources } from './claim-data-source.js';

const snapshotRef = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 's' };
const cases: [string, PersistentVolumeClaimSpec, PersistentVolumeClaimSpec][] = [
  ['mirrors dataSource into dataSourceRef', { dataSource: snapshotRef }, { dataSource: snapshotRef, dataSourceRef: snapshotRef }],
  ['mirrors dataSourceRef into dataSource', { dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'src' } }, { dataSource: { kind: 'PersistentVolumeClaim', name: 'src' }, dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'src' } }],
  ['drops a dataSource of a populator\'s kind (only dataSourceRef may name one)', { dataSource: { apiGroup: 'example.com', kind: 'Backup', name: 'b' } }, {}],
  ['mirrors a populator\'s kind named in dataSourceRef', { dataSourceRef: { apiGroup: 'example.com', kind: 'Backup', name: 'b' } }, { dataSourceRef: { apiGroup: 'example.com', kind: 'Backup', name: 'b' }, dataSource: { apiGroup: 'example.com', kind: 'Backup', name: 'b' } }],
  ['drops dataSourceRef.namespace (CrossNamespaceVolumeDataSource off)', { dataSourceRef: { ...snapshotRef, namespace: 'other' } }, { dataSourceRef: snapshotRef, dataSource: snapshotRef }],
];
for (const [name, spec, want] of cases) {
  test(`normalizeClaimDataSources() ${name}`, () => {
    const s = structuredClone(spec);
    normalizeClaimDataSources(s);
    assert.deepEqual(s, want);
  });
}

test('claimDataSourceOf() prefers dataSourceRef and defaults the namespace to the claim\'s', () => {
  assert.deepEqual(claimDataSourceOf({ metadata: { namespace: 'ns' }, spec: { dataSource: snapshotRef, dataSourceRef: snapshotRef } }), { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 's', namespace: 'ns' });
  assert.equal(claimDataSourceOf({ metadata: { namespace: 'ns' }, spec: {} }), undefined);
});

test('dataSourcePlacement() finds the node of a local snapshot handle or of a source claim\'s pinned volume, pending until known', () => {
  const lookups = {
    claim: (_ns: string, n: string) => (n === 'src' ? { spec: { volumeName: 'pv' }, status: { phase: 'Bound' } } : n === 'unbound' ? { spec: {}, status: { phase: 'Pending' } } : undefined),
    volume: (n: string) => (n === 'pv' ? { spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] } } } } : undefined),
    snapshot: (_ns: string, n: string) => (n === 's' ? { status: { boundVolumeSnapshotContentName: 'c' } } : n === 'unready' ? { status: {} } : undefined),
    content: (n: string) => (n === 'c' ? { status: { snapshotHandle: 'node-3:/st/snapshots/c' } } : undefined),
  };
  const of = (dataSourceRef: { apiGroup?: string; kind: string; name: string } | undefined) => dataSourcePlacement({ metadata: { namespace: 'ns' }, spec: dataSourceRef ? { dataSourceRef } : {} }, lookups);
  assert.deepEqual(of(snapshotRef), { kind: 'node', node: 'node-3' });
  assert.deepEqual(of({ ...snapshotRef, name: 'unready' }), { kind: 'pending' });
  assert.deepEqual(of({ ...snapshotRef, name: 'absent' }), { kind: 'pending' });
  assert.deepEqual(of({ kind: 'PersistentVolumeClaim', name: 'src' }), { kind: 'node', node: 'node-2' });
  assert.deepEqual(of({ kind: 'PersistentVolumeClaim', name: 'unbound' }), { kind: 'pending' });
  assert.deepEqual(of({ apiGroup: 'example.com', kind: 'Backup', name: 'b' }), { kind: 'none' });
  assert.deepEqual(of(undefined), { kind: 'none' });
});
