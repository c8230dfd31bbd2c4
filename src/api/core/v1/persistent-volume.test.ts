import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { errorString } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import { persistentVolumeRules } from './index.js';

const load = (y: string): KubeObject => parse(y) as KubeObject;
const defaulted = (y: string): KubeObject => {
  const o = load(y);
  persistentVolumeRules.defaults!(o);
  return o;
};
const errs = (o: KubeObject): string[] => persistentVolumeRules.validate!(o).map(errorString);

// Seed 000: local PVs with node affinity.
const seedLocalPv = `
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv1
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-storage
  local:
    path: /tmp
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/hostname
          operator: In
          values:
          - kube-node-1
`;
// Seed 001: hostPath PVs without a reclaim policy.
const seedHostPathPv = `
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv001
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  hostPath:
    path: /tmp/pv001
`;
// Seed 003: an NFS PV.
const seedNfsPv = `
apiVersion: v1
kind: PersistentVolume
metadata:
  name: nfs
spec:
  storageClassName:  manual
  capacity:
    storage: 5Gi
  accessModes:
    - ReadWriteMany
  nfs:
    server: 10.159.238.40
    path: "/data"
`;

test('persistentVolumeRules.defaults() fills the seed PVs like upstream (Retain, Filesystem, Pending)', () => {
  const local = defaulted(seedLocalPv);
  assert.deepEqual(local['spec'], {
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'local-storage', volumeMode: 'Filesystem',
    local: { path: '/tmp' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kube-node-1'] }] }] } },
  });
  assert.deepEqual(local['status'], { phase: 'Pending' });
  const hostPath = defaulted(seedHostPathPv);
  assert.deepEqual(hostPath['spec'], { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv001', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
  const nfs = defaulted(seedNfsPv);
  assert.deepEqual(nfs['spec'], { storageClassName: 'manual', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteMany'], nfs: { server: '10.159.238.40', path: '/data' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
  for (const pv of [local, hostPath, nfs]) assert.deepEqual(errs(pv), []);
});

test('persistentVolumeRules.validate() rejects invalid PVs (VAL-PV1..9)', () => {
  const base = 'metadata: {name: pv}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /tmp/x}}';
  const with_ = (patch: (spec: Record<string, unknown>) => void): KubeObject => {
    const o = defaulted(base);
    patch(o['spec'] as Record<string, unknown>);
    return o;
  };
  const cases: Array<[string, KubeObject, string[]]> = [
    ['no access modes', with_((s) => { delete s['accessModes']; }), ['spec.accessModes: Required value']],
    ['unknown access mode', with_((s) => { s['accessModes'] = ['ReadWriteSometimes']; }), ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"']],
    ['RWOP with others', with_((s) => { s['accessModes'] = ['ReadWriteOncePod', 'ReadWriteOnce']; }), ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']],
    ['no capacity', with_((s) => { delete s['capacity']; }), ['spec.capacity: Required value', 'spec.capacity: Unsupported value: {}: supported values: "storage"']],
    ['zero capacity', with_((s) => { s['capacity'] = { storage: '0' }; }), ['spec.capacity[storage]: Invalid value: "0": must be greater than zero']],
    ['no source', with_((s) => { delete s['hostPath']; }), ['spec: Required value: must specify a volume type']],
    ['two sources', with_((s) => { s['local'] = { path: '/mnt' }; }), ['spec.local: Forbidden: may not specify more than 1 volume type']],
    ['local without affinity', with_((s) => { delete s['hostPath']; s['local'] = { path: '/mnt' }; }), ['spec.nodeAffinity: Required value: Local volume requires node affinity']],
    ['bad reclaim policy', with_((s) => { s['persistentVolumeReclaimPolicy'] = 'Keep'; }), ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"']],
    ['recycle root', with_((s) => { s['hostPath'] = { path: '/', type: '' }; s['persistentVolumeReclaimPolicy'] = 'Recycle'; }), ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"]],
    ['bad volume mode', with_((s) => { s['volumeMode'] = 'Raw'; }), ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
    ['bad class', with_((s) => { s['storageClassName'] = 'Fast_SSD'; }), [
      "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]],
    ['empty node selector terms', with_((s) => { s['nodeAffinity'] = { required: { nodeSelectorTerms: [] } }; }), ['spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term']],
  ];
  for (const [name, pv, want] of cases) assert.deepEqual(errs(pv), want, name);
  assert.deepEqual(errs(defaulted('metadata: {name: data.v1}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /x}}')), []);
  assert.equal(errs(defaulted('metadata: {name: Data}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /x}}'))[0]?.startsWith('metadata.name: Invalid value: "Data"'), true);
});

test('persistentVolumeRules.validateUpdate() keeps the source, volumeMode and nodeAffinity immutable (VAL-PV10..12)', () => {
  const old = defaulted(seedLocalPv);
  old.metadata = { ...old.metadata, uid: 'u1' };
  const mutable = structuredClone(old);
  const spec = mutable['spec'] as Record<string, unknown>;
  spec['persistentVolumeReclaimPolicy'] = 'Delete';
  spec['capacity'] = { storage: '2Gi' };
  spec['claimRef'] = { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'www-web-0', uid: 'c1' };
  spec['mountOptions'] = ['noatime'];
  assert.deepEqual(persistentVolumeRules.validateUpdate!(mutable, old), []);
  const moved = structuredClone(old);
  (moved['spec'] as Record<string, unknown>)['local'] = { path: '/mnt/other' };
  assert.deepEqual(persistentVolumeRules.validateUpdate!(moved, old).map(errorString), ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
  const block = structuredClone(old);
  (block['spec'] as Record<string, unknown>)['volumeMode'] = 'Block';
  assert.deepEqual(persistentVolumeRules.validateUpdate!(block, old).map(errorString), ['volumeMode: Invalid value: "Block": field is immutable']);
  const affinity = structuredClone(old);
  (affinity['spec'] as Record<string, unknown>)['nodeAffinity'] = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kube-node-2'] }] }] } };
  assert.equal(persistentVolumeRules.validateUpdate!(affinity, old).map(errorString)[0]?.startsWith('nodeAffinity: Invalid value: '), true);
  const nfsOld = defaulted(seedNfsPv);
  const nfsAffinity = structuredClone(nfsOld);
  (nfsAffinity['spec'] as Record<string, unknown>)['nodeAffinity'] = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] } };
  assert.deepEqual(persistentVolumeRules.validateUpdate!(nfsAffinity, nfsOld), []);
});
