import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { customResourceDescriptors } from './custom-resource-descriptors.js';

const crd = (established: boolean): CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'foos.example.com' },
  spec: {
    group: 'example.com', scope: 'Cluster', names: { plural: 'foos', kind: 'Foo', shortNames: ['fo'] },
    versions: [
      { name: 'v2', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size', labelSelectorPath: '.status.selector' } } },
      { name: 'v1', served: true, storage: false },
      { name: 'v0', served: false, storage: false },
    ],
  },
  status: { acceptedNames: { plural: 'foos', singular: 'foo', kind: 'Foo', shortNames: ['fo'] }, storedVersions: ['v2'], conditions: established ? [{ type: 'Established', status: 'True' }] : [] },
});

test('customResourceDescriptors: nothing until Established', () => assert.deepEqual(customResourceDescriptors(crd(false)), []));

test('customResourceDescriptors: one per served version, stored at the storage version, with its subresources', () => {
  const [v2, v1] = customResourceDescriptors(crd(true));
  assert.deepEqual([v2?.version, v1?.version], ['v2', 'v1']);
  assert.deepEqual([v2?.namespaced, v2?.singular, v2?.shortNames, v2?.storage], [false, 'foo', ['fo'], { group: 'example.com', plural: 'foos', version: 'v2' }]);
  assert.deepEqual([v2?.hasStatus, v2?.scale], [true, { specReplicasPath: ['spec', 'size'], statusReplicasPath: ['status', 'size'], selectorKind: 'path', selectorPath: ['status', 'selector'] }]);
  assert.equal(v2?.conversion, undefined);
  assert.deepEqual([v1?.hasStatus, v1?.scale, v1?.storage.version], [false, undefined, 'v2']);
  assert.equal(v1?.conversion?.toStorage({ apiVersion: 'example.com/v1', kind: 'Foo' }).apiVersion, 'example.com/v2');
  assert.equal(v1?.conversion?.fromStorage({ apiVersion: 'example.com/v2', kind: 'Foo' }).apiVersion, 'example.com/v1');
  assert.deepEqual(v2?.printer?.columns.map((c) => c.name), ['Name', 'Age']);
});
