import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { storageClassRules } from './storage-class.js';

/** The local-storage class the StatefulSet seeds rely on. */
const localStorage: KubeObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-storage' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };
const defaulted = (extra: Record<string, unknown> = {}): KubeObject => {
  const o = { ...structuredClone(localStorage), ...extra };
  storageClassRules.defaults?.(o);
  return o;
};

test('storageClassRules.defaults() sets reclaimPolicy Delete and volumeBindingMode Immediate (DEF-03)', () => {
  assert.deepEqual(defaulted(), { ...localStorage, reclaimPolicy: 'Delete' });
  const { volumeBindingMode: _m, ...noMode } = localStorage;
  const o = structuredClone(noMode);
  storageClassRules.defaults?.(o);
  assert.deepEqual(o, { ...noMode, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  assert.deepEqual(storageClassRules.validate?.(defaulted()), []);
});

test('storageClassRules.validate() rejects a missing provisioner and unsupported policies (VAL-SC1..3)', () => {
  const { provisioner: _p, ...noProvisioner } = localStorage;
  const cases: { name: string; o: KubeObject; want: string[] }[] = [
    { name: 'no provisioner', o: defaulted({ provisioner: undefined, ...noProvisioner }), want: ['provisioner: Required value'] },
    { name: 'Recycle', o: defaulted({ reclaimPolicy: 'Recycle' }), want: ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'] },
    { name: 'bad mode', o: defaulted({ volumeBindingMode: 'Later' }), want: ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'] },
    { name: 'bad provisioner', o: defaulted({ provisioner: 'bad provisioner!' }), want: [`provisioner: Invalid value: "bad provisioner!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`] },
  ];
  for (const c of cases) assert.deepEqual((storageClassRules.validate?.(c.o) ?? []).map(errorString), c.want, c.name);
  const dup = { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] };
  assert.deepEqual((storageClassRules.validate?.(defaulted({ allowedTopologies: [dup, dup] })) ?? []).map((e) => `${e.field} ${e.type}`), ['allowedTopologies[1] FieldValueDuplicate']);
});

test('storageClassRules.validateUpdate() forbids changing provisioner, parameters, reclaimPolicy and binding mode (VAL-SC5)', () => {
  const old = defaulted({ parameters: { type: 'ssd' } });
  const cases: { name: string; change: Record<string, unknown>; want: string[] }[] = [
    { name: 'parameters', change: { parameters: { type: 'hdd' } }, want: ['parameters: Forbidden: updates to parameters are forbidden.'] },
    { name: 'provisioner', change: { provisioner: 'example.com/nfs' }, want: ['provisioner: Forbidden: updates to provisioner are forbidden.'] },
    { name: 'reclaimPolicy', change: { reclaimPolicy: 'Retain' }, want: ['reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.'] },
    { name: 'volumeBindingMode', change: { volumeBindingMode: 'Immediate' }, want: ['volumeBindingMode: Invalid value: "Immediate": field is immutable'] },
    { name: 'allowVolumeExpansion is mutable', change: { allowVolumeExpansion: true }, want: [] },
    { name: 'mountOptions are mutable', change: { mountOptions: ['debug'] }, want: [] },
    { name: 'the default-class annotation is mutable', change: { metadata: { name: 'local-storage', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }, want: [] },
  ];
  for (const c of cases) assert.deepEqual((storageClassRules.validateUpdate?.({ ...structuredClone(old), ...c.change }, old) ?? []).map(errorString), c.want, c.name);
});
