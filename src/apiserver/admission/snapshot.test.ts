import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupResource, type KubeObject } from '../../api/index.js';
import { singleDefaultSnapshotClass } from './snapshot.js';

const desc = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotclasses')!;
const cls = (name: string, driver: string, isDefault: boolean): KubeObject => ({ metadata: { name, ...(isDefault ? { annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } } : {}) }, driver, deletionPolicy: 'Delete' });

test('singleDefaultSnapshotClass() allows one default VolumeSnapshotClass per driver', () => {
  const stored = [cls('a', 'd', true), cls('b', 'e', false)];
  const plugin = singleDefaultSnapshotClass({ list: () => stored });
  assert.throws(() => plugin.admit('CREATE', desc, cls('x', 'd', true), undefined), /volumesnapshotclasses.snapshot.storage.k8s.io "x" is forbidden: default snapshot class: a already exits for driver: d/);
  plugin.admit('CREATE', desc, cls('x', 'e', true), undefined);
  plugin.admit('CREATE', desc, cls('x', 'd', false), undefined);
  // Updating the default class itself, or another class to default for another driver, is fine.
  plugin.admit('UPDATE', desc, { ...cls('a', 'd', true), deletionPolicy: 'Retain' }, cls('a', 'd', true));
  assert.throws(() => plugin.admit('UPDATE', desc, cls('b', 'd', true), cls('b', 'd', false)), /already exits for driver: d/);
});
