// Table tests for the naming and establishing decisions and the CRD condition helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition, CustomResourceDefinitionNames } from 'kubernetes-types/apiextensions/v1.js';
import { calculateNamesAndConditions, namingUpdate, shouldEstablish } from './crd-names.js';
import { setCrdCondition, terminatingConditions } from './crd-conditions.js';

const names = (plural: string, kind: string, more: Partial<CustomResourceDefinitionNames> = {}): CustomResourceDefinitionNames => ({
  plural, singular: plural.replace(/s$/, ''), kind, listKind: `${kind}List`, ...more,
});
function crd(name: string, group: string, spec: CustomResourceDefinitionNames, accepted?: CustomResourceDefinitionNames, conditions: CustomResourceDefinition['status'] extends infer S ? S extends { conditions?: infer C } ? C : never : never = []): CustomResourceDefinition {
  return {
    metadata: { name: `${name}.${group}` },
    spec: { group, scope: 'Namespaced', names: spec, versions: [{ name: 'v1', served: true, storage: true }] },
    status: { acceptedNames: accepted ?? ({} as CustomResourceDefinitionNames), conditions, storedVersions: ['v1'] },
  };
}

const noConflicts = { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
const installing = { type: 'Established', status: 'False', reason: 'Installing', message: 'the initial names have been accepted' };

interface Case { name: string; crd: CustomResourceDefinition; others: CustomResourceDefinition[]; want: ReturnType<typeof calculateNamesAndConditions> }
const foos = crd('foos', 'example.com', names('foos', 'Foo', { shortNames: ['fo'] }), names('foos', 'Foo', { shortNames: ['fo'] }));
const cases: Case[] = [
  {
    name: 'accepts fresh names and moves Established to Installing',
    crd: crd('bars', 'example.com', names('bars', 'Bar', { categories: ['all'] })),
    others: [foos],
    want: { acceptedNames: names('bars', 'Bar', { categories: ['all'] }), namesAccepted: noConflicts, established: installing },
  },
  {
    name: 'rejects a plural another CRD of the group accepted, keeping the other names',
    crd: crd('foos2', 'example.com', names('foos', 'Foo2')),
    others: [foos],
    want: {
      acceptedNames: { plural: '', kind: 'Foo2', listKind: 'Foo2List' },
      namesAccepted: { type: 'NamesAccepted', status: 'False', reason: 'SingularConflict', message: '"foo" is already in use' },
      established: { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
    },
  },
  {
    name: 'reports a kind conflict last as upstream does',
    crd: crd('others', 'example.com', names('others', 'Foo')),
    others: [foos],
    want: {
      acceptedNames: { plural: 'others', singular: 'other', kind: '' },
      namesAccepted: { type: 'NamesAccepted', status: 'False', reason: 'ListKindConflict', message: '"FooList" is already in use' },
      established: { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
    },
  },
  {
    name: 'aggregates short name conflicts',
    crd: crd('bazs', 'example.com', names('bazs', 'Baz', { shortNames: ['fo', 'foos', 'bz'] })),
    others: [foos],
    want: {
      acceptedNames: { plural: 'bazs', singular: 'baz', kind: 'Baz', listKind: 'BazList' },
      namesAccepted: { type: 'NamesAccepted', status: 'False', reason: 'ShortNamesConflict', message: '["fo" is already in use, "foos" is already in use]' },
      established: { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
    },
  },
  {
    name: 'ignores CRDs of other groups',
    crd: crd('foos', 'other.io', names('foos', 'Foo')),
    others: [foos],
    want: { acceptedNames: names('foos', 'Foo'), namesAccepted: noConflicts, established: installing },
  },
  {
    name: 'keeps Established True when a later rename conflicts',
    crd: crd('bars', 'example.com', names('bars', 'Bar', { shortNames: ['fo'] }), names('bars', 'Bar'), [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }]),
    others: [foos],
    want: {
      acceptedNames: names('bars', 'Bar'),
      namesAccepted: { type: 'NamesAccepted', status: 'False', reason: 'ShortNamesConflict', message: '"fo" is already in use' },
      established: { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    },
  },
];
for (const c of cases) {
  test(`calculateNamesAndConditions() ${c.name}`, () => {
    assert.deepEqual(calculateNamesAndConditions(c.crd, [...c.others, c.crd]), c.want);
  });
}

test('namingUpdate() has nothing to write once spec names are the accepted names', () => {
  assert.equal(namingUpdate(foos, [foos]), undefined);
  const fresh = crd('bars', 'example.com', names('bars', 'Bar'));
  assert.deepEqual(namingUpdate(fresh, [foos, fresh])?.namesAccepted, noConflicts);
});

test('shouldEstablish() is true once NamesAccepted is True and Established is not', () => {
  const accepted = crd('bars', 'example.com', names('bars', 'Bar'), names('bars', 'Bar'), [{ ...noConflicts }, { ...installing }]);
  assert.equal(shouldEstablish(accepted), true);
  const done = crd('bars', 'example.com', names('bars', 'Bar'), names('bars', 'Bar'), [{ ...noConflicts }, { type: 'Established', status: 'True' }]);
  assert.equal(shouldEstablish(done), false);
  assert.equal(shouldEstablish(crd('bars', 'example.com', names('bars', 'Bar'))), false);
});

test('setCrdCondition() keeps lastTransitionTime unless the status changes', () => {
  const t0 = '2024-01-01T00:00:00Z';
  const t1 = '2024-01-01T00:01:00Z';
  const pending = setCrdCondition([], terminatingConditions.deletionPending, t0);
  const progress = setCrdCondition(pending, terminatingConditions.deletionInProgress, t1);
  const done = setCrdCondition(progress, terminatingConditions.deletionCompleted, t1);
  assert.deepEqual([pending, progress, done], [
    [{ type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon', lastTransitionTime: t0 }],
    [{ type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress', lastTransitionTime: t0 }],
    [{ type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances', lastTransitionTime: t1 }],
  ]);
});
