import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { apiregistration } from '../../api/index.js';
import { automanagedLabel, desiredLocalApiService, localStatus, registrationAction, customResourceGroupVersions } from './desired.js';

const apps = desiredLocalApiService({ group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 });

test('desiredLocalApiService() names core v1 "v1." without a group and labels it automanaged', () => {
  assert.deepEqual(desiredLocalApiService({ group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 }), {
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1.', labels: { [automanagedLabel]: 'onstart' } },
    spec: { version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 },
  });
});

const live = (o: Partial<apiregistration.APIService> = {}): apiregistration.APIService => ({ ...apps, metadata: { ...apps.metadata, resourceVersion: '5', uid: 'u' }, ...o });
const cases: { name: string; desired?: apiregistration.APIService; live?: apiregistration.APIService; want: string }[] = [
  { name: 'creates a missing desired APIService', desired: apps, want: 'create' },
  { name: 'leaves a matching one alone', desired: apps, live: live(), want: 'none' },
  { name: 'puts back a changed spec', desired: apps, live: live({ spec: { ...apps.spec!, groupPriorityMinimum: 5 } }), want: 'update' },
  { name: 'puts back a removed label', desired: apps, live: live({ metadata: { name: 'v1.apps', resourceVersion: '5' } }), want: 'update' },
  { name: 'deletes a managed APIService that is no longer served', live: live(), want: 'delete' },
  { name: 'leaves a user-created APIService alone', live: live({ metadata: { name: 'v1alpha1.wardle.example.com' } }), want: 'none' },
  { name: 'leaves an onstart APIService the user pointed at a Service (a real metrics-server taking over)', desired: apps, live: live({ spec: { ...apps.spec!, service: { namespace: 'kube-system', name: 'metrics-server' } } }), want: 'none' },
];
for (const c of cases) test(`registrationAction() ${c.name}`, () => assert.equal(registrationAction(c.desired, c.live).kind, c.want));

test('registrationAction() update keeps metadata and takes the desired spec', () => {
  const a = registrationAction(apps, live({ metadata: { name: 'v1.apps', resourceVersion: '5', labels: { team: 'x' } }, spec: { ...apps.spec!, versionPriority: 1 } }));
  assert.deepEqual(a, { kind: 'update', object: { ...apps, metadata: { name: 'v1.apps', resourceVersion: '5', labels: { team: 'x', [automanagedLabel]: 'onstart' } }, spec: apps.spec } });
});

test('localStatus() marks local APIServices Available/Local once and ignores remote ones', () => {
  assert.deepEqual(localStatus(live(), 't1'), { conditions: [{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available', lastTransitionTime: 't1' }] });
  const done = live({ status: localStatus(live(), 't1')! });
  assert.equal(localStatus(done, 't2'), undefined);
  assert.equal(localStatus(live({ spec: { ...apps.spec!, service: { namespace: 'x', name: 'y', port: 443 } } }), 't1'), undefined);
});

test('customResourceGroupVersions: the served versions of established CRDs, each once, at upstream priority 1000/100', () => {
  const crd = (group: string, versions: [string, boolean][], established: boolean): CustomResourceDefinition => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `things.${group}` },
    spec: { group, scope: 'Namespaced', names: { plural: 'things', kind: 'Thing' }, versions: versions.map(([name, served]) => ({ name, served, storage: served })) },
    status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] },
  });
  assert.deepEqual(customResourceGroupVersions([
    crd('a.example.com', [['v1', true], ['v1beta1', false]], true),
    crd('a.example.com', [['v1', true]], true),
    crd('b.example.com', [['v1', true]], false),
  ]), [{ group: 'a.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 100 }]);
  assert.equal(desiredLocalApiService({ group: 'a.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 100 }, 'true').metadata?.labels?.['kube-aggregator.kubernetes.io/automanaged'], 'true');
});
