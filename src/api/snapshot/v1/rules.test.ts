import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../index.js';
import { defaultSnapshotClassFor } from './default-class.js';
import { parseSnapshotHandle } from './names.js';
import { snapshotV1Rules } from './index.js';

const vs = (spec: unknown, status?: unknown): KubeObject => ({ metadata: { name: 'vs', namespace: 'ns' }, spec, ...(status ? { status } : {}) });
const vsc = (spec: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'c' }, spec: { deletionPolicy: 'Delete', driver: 'd', source: { volumeHandle: 'v' }, volumeSnapshotRef: { name: 'vs', namespace: 'ns' }, ...spec },
});
const errors = (kind: string, obj: KubeObject, old?: KubeObject): string[] => {
  const rules = snapshotV1Rules[kind]!;
  return (old ? rules.validateUpdate!(obj, old) : rules.validate!(obj)).map(errorString);
};

const cases: [string, string, KubeObject, KubeObject | undefined, string[]][] = [
  ['VolumeSnapshot', 'accepts a claim source', vs({ source: { persistentVolumeClaimName: 'data' } }), undefined, []],
  ['VolumeSnapshot', 'requires spec', vs(undefined), undefined, ['spec: Required value']],
  ['VolumeSnapshot', 'requires exactly one source', vs({ source: {} }), undefined, ['spec.source: Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set']],
  ['VolumeSnapshot', 'refuses an empty class name', vs({ source: { persistentVolumeClaimName: 'd' }, volumeSnapshotClassName: '' }), undefined, ['spec.volumeSnapshotClassName: Invalid value: "": volumeSnapshotClassName must not be the empty string when set']],
  ['VolumeSnapshot', 'keeps the source immutable', vs({ source: { persistentVolumeClaimName: 'other' } }), vs({ source: { persistentVolumeClaimName: 'd' } }), ['spec.source.persistentVolumeClaimName: Invalid value: "other": persistentVolumeClaimName is immutable']],
  ['VolumeSnapshot', 'keeps a set class name', vs({ source: { persistentVolumeClaimName: 'd' } }), vs({ source: { persistentVolumeClaimName: 'd' }, volumeSnapshotClassName: 'c' }), ['spec: Invalid value: "object": volumeSnapshotClassName is required once set']],
  ['VolumeSnapshot', 'lets a class name be set', vs({ source: { persistentVolumeClaimName: 'd' }, volumeSnapshotClassName: 'c' }), vs({ source: { persistentVolumeClaimName: 'd' } }), []],
  ['VolumeSnapshot', 'checks restoreSize is a quantity', vs({ source: { persistentVolumeClaimName: 'd' } }, { restoreSize: 'lots' }), undefined, ['status.restoreSize: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'']],
  ['VolumeSnapshotContent', 'accepts a dynamic content', vsc({}), undefined, []],
  ['VolumeSnapshotContent', 'requires driver, a known policy, one handle and a full reference', vsc({ driver: '', deletionPolicy: 'Keep', source: { volumeHandle: 'v', snapshotHandle: 's' }, volumeSnapshotRef: { name: 'vs' } }), undefined, [
    'spec.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Retain"',
    'spec.driver: Required value',
    'spec.source: Invalid value: "object": exactly one of volumeHandle and snapshotHandle must be set',
    'spec: Invalid value: "object": both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set',
  ]],
  ['VolumeSnapshotContent', 'keeps handles and sourceVolumeMode', vsc({ source: { volumeHandle: 'w' }, sourceVolumeMode: 'Block' }), vsc({ sourceVolumeMode: 'Filesystem' }), [
    'spec.sourceVolumeMode: Invalid value: "Block": sourceVolumeMode is immutable',
    'spec.source.volumeHandle: Invalid value: "w": volumeHandle is immutable',
  ]],
  ['VolumeSnapshotContent', 'lets the reference be bound (uid) and the policy change', vsc({ deletionPolicy: 'Retain', volumeSnapshotRef: { name: 'vs', namespace: 'ns', uid: 'u' } }), vsc({}), []],
  ['VolumeSnapshotClass', 'requires driver and deletionPolicy', { metadata: { name: 'c' } }, undefined, ['driver: Required value', 'deletionPolicy: Required value']],
];
for (const [kind, name, obj, old, want] of cases) test(`${kind} rules ${name}`, () => assert.deepEqual(errors(kind, obj, old), want));

test('status writes are checked against the status schema', () => {
  const content = vsc({});
  assert.deepEqual(snapshotV1Rules['VolumeSnapshotContent']!.validateStatusUpdate!({ ...content, status: { restoreSize: -1 } }, content).map(errorString),
    ['status.restoreSize: Invalid value: -1: status.restoreSize in body should be greater than or equal to 0']);
  const snap = vs({ source: { persistentVolumeClaimName: 'd' } });
  assert.deepEqual(snapshotV1Rules['VolumeSnapshot']!.validateStatusUpdate!({ ...snap, status: { restoreSize: '1Gi', readyToUse: true } }, snap), []);
});

test('defaultSnapshotClassFor() finds the one default class of a driver, else upstream\'s errors', () => {
  const cls = (name: string, driver: string, isDefault: boolean) => ({ metadata: { name, annotations: isDefault ? { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } : {} }, driver });
  assert.deepEqual(defaultSnapshotClassFor([cls('a', 'd', false), cls('b', 'd', true), cls('c', 'e', true)], 'd'), { cls: cls('b', 'd', true) });
  assert.deepEqual(defaultSnapshotClassFor([cls('a', 'd', false)], 'd'), { error: 'cannot find default snapshot class' });
  assert.deepEqual(defaultSnapshotClassFor([cls('a', 'd', true), cls('b', 'd', true)], 'd'), { error: '2 default snapshot classes were found' });
});

test('parseSnapshotHandle() reads <node>:<absolute path> and nothing else', () => {
  assert.deepEqual(parseSnapshotHandle('node-1:/var/lib/skiff/storage/snapshots/c'), { node: 'node-1', path: '/var/lib/skiff/storage/snapshots/c' });
  for (const bad of ['', ':/x', 'node', 'node:relative', 'node:/', 'node:/a/../b']) assert.equal(parseSnapshotHandle(bad), undefined, bad);
});
