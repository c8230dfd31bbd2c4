import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropEmptyOmitemptyCollections } from './omit-empty.js';

type Obj = Record<string, unknown>;
const cases: { name: string; obj: Obj; want: Obj }[] = [
  {
    name: 'drops emptied metadata lists and maps (a released pod)',
    obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ownerReferences: [], finalizers: [], labels: {}, annotations: {} }, spec: { containers: [{ name: 'c' }] } },
    want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } },
  },
  {
    name: 'keeps lists without omitempty (containers) and non-empty ones',
    obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['x'] }, spec: { containers: [], tolerations: [], volumes: [] } },
    want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['x'] }, spec: { containers: [] } },
  },
  {
    name: 'goes into list elements and nested structs (container env, status conditions)',
    obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', env: [], ports: [{ containerPort: 80 }] }] }, status: { conditions: [] } },
    want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: {} },
  },
  {
    name: 'follows inline structs (a volume source inside Volume)',
    obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], volumes: [{ name: 'v', configMap: { name: 'cm', items: [] } }] } },
    want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], volumes: [{ name: 'v', configMap: { name: 'cm' } }] } },
  },
  {
    name: 'keeps ClusterRole.rules (no omitempty upstream) and drops StatefulSet volumeClaimTemplates',
    obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [] },
    want: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [] },
  },
  {
    name: 'drops an emptied spec list of a workload',
    obj: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { volumeClaimTemplates: [], template: { metadata: { labels: {} }, spec: { containers: [] } } } },
    want: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { metadata: {}, spec: { containers: [] } } } },
  },
  {
    name: 'leaves custom resources as written',
    obj: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', finalizers: [] }, spec: { items: [] } },
    want: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', finalizers: [] }, spec: { items: [] } },
  },
  {
    name: 'keeps map values and opaque apimachinery values (quantities, raw extensions) untouched',
    obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '' }, binaryData: {} },
    want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '' } },
  },
];
for (const c of cases) {
  test(`dropEmptyOmitemptyCollections() ${c.name}`, () => {
    assert.deepEqual(dropEmptyOmitemptyCollections(structuredClone(c.obj)), c.want);
  });
}
