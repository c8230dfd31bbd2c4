import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { errorString, root } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import { defaultPersistentVolumeClaimSpec, persistentVolumeClaimRules, validatePersistentVolumeClaimSpec } from './index.js';

const defaulted = (y: string): KubeObject => {
  const o = parse(y) as KubeObject;
  o.metadata = { namespace: 'default', ...(o.metadata ?? {}) };
  persistentVolumeClaimRules.defaults!(o);
  return o;
};
const errs = (o: KubeObject): string[] => persistentVolumeClaimRules.validate!(o).map(errorString);

// Seed 000: a claim with a class and a selector.
const seedMyClaim = `
kind: PersistentVolumeClaim
apiVersion: v1
metadata:
  name: myclaim
spec:
  accessModes:
    - ReadWriteOnce
  volumeMode: Filesystem
  resources:
    requests:
      storage: 8Gi
  storageClassName: slow
  selector:
    matchLabels:
      release: "stable"
    matchExpressions:
      - {key: environment, operator: In, values: [dev]}
`;
// Seed 003: the NFS claim.
const seedNfsPvc = `
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: nfs-pvc
spec:
  storageClassName:  manual
  accessModes:
  - ReadWriteMany
  resources:
    requests:
      storage: 2Gi
`;

test('persistentVolumeClaimRules.defaults() fills the seed claims like upstream (Filesystem, Pending)', () => {
  const nfs = defaulted(seedNfsPvc);
  assert.deepEqual(nfs['spec'], { storageClassName: 'manual', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '2Gi' } }, volumeMode: 'Filesystem' });
  assert.deepEqual(nfs['status'], { phase: 'Pending' });
  const mine = defaulted(seedMyClaim);
  assert.equal((mine['spec'] as Record<string, unknown>)['volumeMode'], 'Filesystem');
  for (const c of [nfs, mine]) assert.deepEqual(errs(c), []);
});

test('defaultPersistentVolumeClaimSpec() defaults a StatefulSet claim template spec and canonicalizes sizes', () => {
  const spec: Record<string, unknown> = { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '10240Ki' } } };
  defaultPersistentVolumeClaimSpec(spec);
  assert.deepEqual(spec, { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '10Mi' } }, volumeMode: 'Filesystem' });
  assert.deepEqual(validatePersistentVolumeClaimSpec(spec, root('spec', 'volumeClaimTemplates').index(0).child('spec')), []);
});

test('persistentVolumeClaimRules.validate() rejects invalid claims (VAL-PVC1..5)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['no access modes', '{resources: {requests: {storage: 1Gi}}}', ['spec.accessModes: Required value: at least 1 access mode is required']],
    ['no storage', '{accessModes: [ReadWriteOnce]}', ['spec.resources[storage]: Required value']],
    ['zero storage', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: "0"}}}', ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    ['bad quantity', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1GB}}}', ["spec.resources[storage]: Invalid value: \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]],
    ['selector operator', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, selector: {matchExpressions: [{key: a, operator: Has}]}}', ['spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator']],
    ['selector In without values', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, selector: {matchExpressions: [{key: a, operator: In}]}}', ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ['bad volume mode', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, volumeMode: Raw}', ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
    ['data source kind', '{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, dataSource: {kind: Secret, name: s}}', ['spec.dataSource: Invalid value: "Secret": must be \'PersistentVolumeClaim\' when referencing the default apiGroup']],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(errs(defaulted(`metadata: {name: c}\nspec: ${spec}`)), want, name);
});

test('persistentVolumeClaimRules.validateUpdate() enforces the claim update rules (VAL-PVC6..11)', () => {
  const pending = defaulted(seedNfsPvc);
  const update = (base: KubeObject, patch: (spec: Record<string, unknown>, o: KubeObject) => void): string[] => {
    const n = structuredClone(base);
    patch(n['spec'] as Record<string, unknown>, n);
    persistentVolumeClaimRules.defaults!(n);
    return persistentVolumeClaimRules.validateUpdate!(n, base).map(errorString);
  };
  const immutable = 'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
  assert.deepEqual(update(pending, (s) => { s['volumeName'] = 'nfs'; }), []);
  assert.deepEqual(update(pending, (s) => { s['resources'] = { requests: { storage: '3Gi' } }; }), [immutable]);
  assert.deepEqual(update(pending, (s) => { s['accessModes'] = ['ReadWriteOnce']; }), [immutable]);
  const bound = structuredClone(pending);
  (bound['spec'] as Record<string, unknown>)['volumeName'] = 'nfs';
  bound['status'] = { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteMany'] };
  assert.deepEqual(update(bound, (s) => { s['resources'] = { requests: { storage: '10Gi' } }; }), []);
  assert.deepEqual(update(bound, (s) => { s['volumeName'] = 'other'; }), [immutable]);
  assert.deepEqual(update(bound, (s) => { s['resources'] = { requests: { storage: '1Gi' } }; }), ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  assert.deepEqual(update(bound, (s) => { s['volumeMode'] = 'Block'; }), [immutable, 'volumeMode: Invalid value: "Block": field is immutable']);
  const unset = defaulted('metadata: {name: c}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}');
  assert.deepEqual(update(unset, (s) => { s['storageClassName'] = 'fast'; }), []);
  const empty = defaulted('metadata: {name: c}\nspec: {accessModes: [ReadWriteOnce], storageClassName: "", resources: {requests: {storage: 1Gi}}}');
  assert.deepEqual(update(empty, (s) => { s['storageClassName'] = 'fast'; }), [immutable]);
  assert.deepEqual(update(pending, (s) => { s['storageClassName'] = 'other'; }), [immutable]);
});
