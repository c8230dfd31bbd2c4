import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregatedDiscoveryList, legacyGroup, legacyGroupList, resourcesFromLegacyList, versionsFromAggregatedList, type ServedGroupVersion,
} from './discovery-merge.js';

const gv = (group: string, version: string, g: number, v: number, resource = `${group || 'core'}-${version}`): ServedGroupVersion => ({
  group, version, priority: { groupPriorityMinimum: g, versionPriority: v }, resources: [{ resource }],
});
const served: ServedGroupVersion[] = [
  gv('', 'v1', 18000, 1),
  gv('apps', 'v1', 17800, 15),
  gv('wardle.example.com', 'v1alpha1', 1000, 15),
  gv('autoscaling', 'v1', 17500, 15),
  gv('autoscaling', 'v2', 17500, 30),
  gv('wardle.example.com', 'v1beta1', 1000, 20),
  gv('apiregistration.k8s.io', 'v1', 18000, 15),
  gv('apps', 'v1', 100, 100, 'shadowed'),
];

test('aggregatedDiscoveryList() orders /apis groups by APIService priority, preferred version first; /api is core only', () => {
  const apis = aggregatedDiscoveryList(served, 'apis', 'v2') as { apiVersion: string; items: { metadata: { name: string }; versions: { version: string; freshness: string; resources: unknown[] }[] }[] };
  assert.equal(apis.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.deepEqual(apis.items.map((i) => `${i.metadata.name}:${i.versions.map((v) => v.version).join(',')}`), [
    'apiregistration.k8s.io:v1', 'apps:v1', 'autoscaling:v2,v1', 'wardle.example.com:v1beta1,v1alpha1',
  ]);
  assert.deepEqual(apis.items[1]!.versions[0], { version: 'v1', resources: [{ resource: 'apps-v1' }], freshness: 'Current' }, 'the first entry of a group-version wins');
  const api = aggregatedDiscoveryList(served, 'api', 'v2beta1') as { apiVersion: string; items: { metadata: { name: string } }[] };
  assert.equal(api.apiVersion, 'apidiscovery.k8s.io/v2beta1');
  assert.deepEqual(api.items.map((i) => i.metadata.name), ['']);
});

test('legacyGroupList() and legacyGroup() use the same order and preferred versions', () => {
  const list = legacyGroupList(served) as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
  assert.deepEqual(list.groups.map((g) => `${g.name}>${g.preferredVersion.groupVersion}`), ['apiregistration.k8s.io>apiregistration.k8s.io/v1', 'apps>apps/v1', 'autoscaling>autoscaling/v2', 'wardle.example.com>wardle.example.com/v1beta1']);
  assert.deepEqual(legacyGroup(served, 'wardle.example.com'), {
    kind: 'APIGroup', apiVersion: 'v1', name: 'wardle.example.com',
    versions: [{ groupVersion: 'wardle.example.com/v1beta1', version: 'v1beta1' }, { groupVersion: 'wardle.example.com/v1alpha1', version: 'v1alpha1' }],
    preferredVersion: { groupVersion: 'wardle.example.com/v1beta1', version: 'v1beta1' },
  });
  assert.equal(legacyGroup(served, 'missing.example.com'), undefined);
  assert.equal(legacyGroup(served, ''), undefined);
});

test('resourcesFromLegacyList() converts an APIResourceList, subresources folded into their resource', () => {
  const list = {
    kind: 'APIResourceList', groupVersion: 'wardle.example.com/v1alpha1',
    resources: [
      { name: 'flunders', singularName: 'flunder', namespaced: true, kind: 'Flunder', verbs: ['get', 'list'], shortNames: ['fl'], categories: [] },
      { name: 'flunders/status', singularName: '', namespaced: true, kind: 'Flunder', verbs: ['get', 'patch'] },
      { name: 'fischers', singularName: 'fischer', namespaced: false, kind: 'Fischer', verbs: ['get'] },
      { name: 'kindless', namespaced: false, verbs: ['get'] },
    ],
  };
  assert.deepEqual(resourcesFromLegacyList(list, 'wardle.example.com', 'v1alpha1'), [
    {
      resource: 'flunders', singularResource: 'flunder', scope: 'Namespaced', responseKind: { group: 'wardle.example.com', version: 'v1alpha1', kind: 'Flunder' }, verbs: ['get', 'list'], shortNames: ['fl'],
      subresources: [{ subresource: 'status', responseKind: { group: 'wardle.example.com', version: 'v1alpha1', kind: 'Flunder' }, verbs: ['get', 'patch'] }],
    },
    { resource: 'fischers', singularResource: 'fischer', scope: 'Cluster', responseKind: { group: 'wardle.example.com', version: 'v1alpha1', kind: 'Fischer' }, verbs: ['get'] },
  ]);
  assert.deepEqual(resourcesFromLegacyList('not a list', 'g', 'v'), []);
});

test('versionsFromAggregatedList() takes one group\'s current versions and drops stale ones', () => {
  const doc = { items: [
    { metadata: { name: 'other.example.com' }, versions: [{ version: 'v1', resources: [{ resource: 'x' }] }] },
    { metadata: { name: 'wardle.example.com' }, versions: [{ version: 'v1alpha1', resources: [{ resource: 'flunders' }], freshness: 'Current' }, { version: 'v1beta1', resources: [], freshness: 'Stale' }] },
  ] };
  assert.deepEqual([...versionsFromAggregatedList(doc, 'wardle.example.com')], [['v1alpha1', [{ resource: 'flunders' }]]]);
});
