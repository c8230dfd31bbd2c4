import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, type ResourceDescriptor } from '../../api/index.js';
import { monitoredResource, monitorKey, namesKindOf, planMonitors, resolveOwnerKind } from './custom-resources.js';

const crd = (o: { kind: string; plural: string; versions: { name: string; served: boolean; storage: boolean }[]; established?: boolean }): CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${o.plural}.example.com` },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural: o.plural, kind: o.kind }, versions: o.versions },
  status: { acceptedNames: { plural: o.plural, kind: o.kind }, storedVersions: [], conditions: o.established === false ? [] : [{ type: 'Established', status: 'True' }] },
});
const served = (c: CustomResourceDefinition): ResourceDescriptor[] => apiextensions.customResourceDescriptors(c);
const key = (r: ResourceDescriptor | undefined): string | undefined => (r ? monitorKey(r) : undefined);

const foos = crd({ kind: 'Foo', plural: 'foos', versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }] });
const bars = crd({ kind: 'Bar', plural: 'bars', versions: [{ name: 'v2', served: true, storage: false }, { name: 'v1', served: false, storage: true }] });
const pending = crd({ kind: 'Baz', plural: 'bazs', versions: [{ name: 'v1', served: true, storage: true }], established: false });

const monitorCases: { name: string; crd: CustomResourceDefinition; want: string | undefined }[] = [
  { name: 'the storage version, when served', crd: foos, want: 'example.com/v1/foos' },
  { name: 'the first served version when the storage version is not served', crd: bars, want: 'example.com/v2/bars' },
  { name: 'nothing for a CRD not established', crd: pending, want: undefined },
];
for (const c of monitorCases) test(`monitoredResource() monitors ${c.name}`, () => assert.equal(key(monitoredResource(served(c.crd))), c.want));

const planCases: { name: string; running: string[]; desired: ResourceDescriptor[]; want: { start: string[]; stop: string[] } }[] = [
  { name: 'starts a monitor for a new resource', running: [], desired: [monitoredResource(served(foos))!], want: { start: ['example.com/v1/foos'], stop: [] } },
  { name: 'keeps a running monitor', running: ['example.com/v1/foos'], desired: [monitoredResource(served(foos))!], want: { start: [], stop: [] } },
  { name: 'stops the monitor of a resource no longer served', running: ['example.com/v1/foos', 'example.com/v2/bars'], desired: [monitoredResource(served(bars))!], want: { start: [], stop: ['example.com/v1/foos'] } },
  {
    name: 'moves a monitor to a new storage version', running: ['example.com/v1beta1/foos'], desired: [monitoredResource(served(foos))!],
    want: { start: ['example.com/v1/foos'], stop: ['example.com/v1beta1/foos'] },
  },
];
for (const c of planCases) {
  test(`planMonitors() ${c.name}`, () => {
    const got = planMonitors(c.running, c.desired);
    assert.deepEqual({ start: got.start.map(monitorKey), stop: got.stop }, c.want);
  });
}

const custom = [...served(foos), ...served(bars)];
const ownerCases: { name: string; apiVersion: string; kind: string; want: string | undefined }[] = [
  { name: 'a built-in kind', apiVersion: 'apps/v1', kind: 'StatefulSet', want: 'apps/v1/statefulsets' },
  { name: 'a core kind', apiVersion: 'v1', kind: 'ConfigMap', want: '/v1/configmaps' },
  { name: 'a custom resource at its storage version', apiVersion: 'example.com/v1', kind: 'Foo', want: 'example.com/v1/foos' },
  { name: 'a custom resource at another served version', apiVersion: 'example.com/v1beta1', kind: 'Foo', want: 'example.com/v1beta1/foos' },
  { name: 'no version that is not served', apiVersion: 'example.com/v1', kind: 'Bar', want: undefined },
  { name: 'no kind nothing serves', apiVersion: 'example.com/v1', kind: 'Widget', want: undefined },
  { name: 'no built-in kind at a version not served', apiVersion: 'apps/v1beta1', kind: 'StatefulSet', want: undefined },
  { name: 'no custom kind under another group', apiVersion: 'other.example.com/v1', kind: 'Foo', want: undefined },
];
for (const c of ownerCases) test(`resolveOwnerKind() resolves ${c.name}`, () => assert.equal(key(resolveOwnerKind(c.apiVersion, c.kind, custom)), c.want));

test('namesKindOf() matches an owner of the group and kind at any version', () => {
  const started = [monitoredResource(served(foos))!];
  assert.deepEqual(
    [{ apiVersion: 'example.com/v1beta1', kind: 'Foo' }, { apiVersion: 'example.com/v1', kind: 'Bar' }, { apiVersion: 'v1', kind: 'Foo' }].map((o) => namesKindOf(o, started)),
    [true, false, false],
  );
});
