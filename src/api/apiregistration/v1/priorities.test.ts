import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtInPriority, compareKubeAwareVersions, sortGroupVersions } from './priorities.js';

test('compareKubeAwareVersions() orders GA, beta, alpha, then other strings (upstream example)', () => {
  const shuffled = ['foo10', 'v1', 'v11alpha2', 'v3beta1', 'v10', 'foo1', 'v12alpha1', 'v11beta2', 'v2', 'v10beta3'];
  assert.deepEqual([...shuffled].sort(compareKubeAwareVersions), ['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'foo1', 'foo10']);
});

test('sortGroupVersions() ranks groups by their highest groupPriorityMinimum, then APIService name', () => {
  const p = (group: string, version: string, g: number, v: number) => ({ group, version, groupPriorityMinimum: g, versionPriority: v });
  const got = sortGroupVersions([
    p('wardle.example.com', 'v1alpha1', 1000, 15),
    p('autoscaling', 'v1', 17500, 15),
    p('apps', 'v1', 17800, 15),
    p('autoscaling', 'v2', 17500, 30),
    p('', 'v1', 18000, 1),
    p('apiregistration.k8s.io', 'v1', 18000, 15),
    p('wardle.example.com', 'v1beta1', 900, 15),
    p('metrics.k8s.io', 'v1beta1', 100, 100),
  ]);
  assert.deepEqual(got, [
    { group: '', versions: ['v1'] },
    { group: 'apiregistration.k8s.io', versions: ['v1'] },
    { group: 'apps', versions: ['v1'] },
    { group: 'autoscaling', versions: ['v2', 'v1'] },
    { group: 'wardle.example.com', versions: ['v1beta1', 'v1alpha1'] },
    { group: 'metrics.k8s.io', versions: ['v1beta1'] },
  ]);
});

test('builtInPriority() knows every group-version of the registry and nothing else', () => {
  assert.deepEqual(builtInPriority('autoscaling', 'v2'), { groupPriorityMinimum: 17500, versionPriority: 30 });
  assert.equal(builtInPriority('wardle.example.com', 'v1alpha1'), undefined);
});
