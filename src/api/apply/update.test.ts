import { test } from 'node:test';
import assert from 'node:assert/strict';
import { updateManagedFields, type UpdateOptions } from './update.js';
import type { KubeObject } from '../meta/kind-rules.js';
import { deployment, deploymentMeta, owners, t0, t1 } from './testing.js';

const opts = (manager: string, now = t0, extra: Partial<UpdateOptions> = {}): UpdateOptions => ({ manager, meta: deploymentMeta, apiVersion: 'apps/v1', now, ...extra });

/** What the registry stores after a create: server fields set. */
function created(manager = 'kubectl-create'): KubeObject {
  const d = deployment({ replicas: 1, labels: { app: 'web' } });
  const obj = { ...d, metadata: { ...d.metadata, uid: 'u1', resourceVersion: '1', generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' } };
  return updateManagedFields(undefined, obj, opts(manager));
}

function withReplicas(obj: KubeObject, replicas: number): KubeObject {
  return { ...structuredClone(obj), spec: { ...(obj['spec'] as object), replicas } };
}

test('updateManagedFields() gives every field of a create to the manager, without server fields', () => {
  const obj = created();
  assert.deepEqual(owners(obj), [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': { 'f:containers': { '.': {}, 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      },
    },
  ]);
});

test('updateManagedFields() moves changed fields to the writer and keeps an unchanged write identical', () => {
  const obj = created();
  const scaled = updateManagedFields(obj, withReplicas(obj, 3), opts('kubectl-scale', t1));
  const [a, b] = owners(scaled);
  assert.equal(a?.manager, 'kubectl-create');
  assert.equal(((a?.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec'] ?? {})['f:replicas'], undefined);
  assert.deepEqual([b?.manager, b?.time, b?.fieldsV1], ['kubectl-scale', '2024-01-02T04:00:00Z', { 'f:spec': { 'f:replicas': {} } }]);
  const again = updateManagedFields(scaled, structuredClone(scaled), opts('other', new Date('2025-01-01T00:00:00Z')));
  assert.deepEqual(again.metadata?.['managedFields'], scaled.metadata?.['managedFields']);
});

test('updateManagedFields() merges repeated writes of one manager into its Update entry', () => {
  const obj = created();
  const one = updateManagedFields(obj, withReplicas(obj, 3), opts('ctl', t1));
  const two = updateManagedFields(one, { ...structuredClone(one), metadata: { ...one.metadata, annotations: { a: 'b' } } }, opts('ctl', t1));
  const mine = owners(two).filter((o) => o.manager === 'ctl');
  assert.equal(mine.length, 1);
  assert.deepEqual(mine[0]?.fieldsV1, { 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } });
});

test('updateManagedFields() drops removed fields from every manager and removes emptied entries', () => {
  const obj = created();
  const scaled = updateManagedFields(obj, withReplicas(obj, 3), opts('scaler', t1));
  const next = structuredClone(scaled);
  delete (next['spec'] as Record<string, unknown>)['replicas'];
  const out = updateManagedFields(scaled, next, opts('editor', t1));
  assert.deepEqual(owners(out).map((o) => o.manager), ['kubectl-create']);
});

test('updateManagedFields() tracks the status subresource separately and ignores status on the main resource', () => {
  const obj = created();
  const main = updateManagedFields(obj, { ...structuredClone(obj), status: { replicas: 1 } }, opts('ctl'));
  assert.deepEqual(owners(main).map((o) => o.manager), ['kubectl-create']);
  const st = updateManagedFields(obj, { ...withReplicas(obj, 9), status: { replicas: 1 } }, opts('deployment-controller', t1, { subresource: 'status' }));
  const entry = owners(st).find((o) => o.manager === 'deployment-controller');
  assert.deepEqual([entry?.subresource, entry?.fieldsV1], ['status', { 'f:status': { 'f:replicas': {} } }]);
});

test('updateManagedFields() keeps an object without managedFields untracked and honours a reset', () => {
  const obj = created();
  const { managedFields: _mf, ...bareMeta } = obj.metadata ?? {};
  const bare = { ...obj, metadata: bareMeta };
  assert.equal(updateManagedFields(bare, withReplicas(bare, 2), opts('x')).metadata?.['managedFields'], undefined);
  const reset = { ...withReplicas(obj, 2), metadata: { ...obj.metadata, managedFields: [] } };
  assert.equal(updateManagedFields(obj, reset, opts('x')).metadata?.['managedFields'], undefined);
});

test('updateManagedFields() keeps the old managedFields when the new object cannot be indexed', () => {
  const obj = created();
  const bad = structuredClone(obj);
  ((bad['spec'] as { template: { spec: { containers: unknown[] } } }).template.spec.containers).push({ image: 'no-name' });
  assert.deepEqual(updateManagedFields(obj, bad, opts('x')).metadata?.['managedFields'], obj.metadata?.['managedFields']);
});

test('updateManagedFields() folds the oldest of more than 10 updaters into ancient-changes', () => {
  let obj = created();
  for (let i = 0; i < 11; i++) {
    const next = { ...structuredClone(obj), metadata: { ...obj.metadata, annotations: { ...((obj.metadata?.['annotations'] as object) ?? {}), [`k${i}`]: 'v' } } };
    obj = updateManagedFields(obj, next, opts(`m${String(i).padStart(2, '0')}`, new Date(t1.getTime() + i * 1000)));
  }
  const names = owners(obj).map((o) => o.manager);
  assert.equal(names.length, 10);
  assert.deepEqual(names.slice(0, 2), ['ancient-changes', 'm02']);
  assert.ok(!names.includes('kubectl-create') && !names.includes('m00') && !names.includes('m01'));
});

test('updateManagedFields() costs well under 1 ms for a create of a 2 KB object', () => {
  const containers = Array.from({ length: 4 }, (_, i) => ({
    name: `c${i}`,
    image: `registry.example.com/team/app-${i}:1.2.3`,
    args: ['--flag', String(i)],
    env: Array.from({ length: 6 }, (__, j) => ({ name: `VAR_${j}`, value: `value-${i}-${j}` })),
    ports: [{ containerPort: 8080 + i, name: `http-${i}` }],
    resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
  }));
  const obj = deployment({ replicas: 3, labels: { app: 'web', tier: 'frontend', team: 'a' }, containers });
  assert.ok(JSON.stringify(obj).length >= 2000, `fixture is ${JSON.stringify(obj).length} bytes`);
  for (let i = 0; i < 50; i++) updateManagedFields(undefined, obj, opts('warmup'));
  const n = 300;
  const start = performance.now();
  for (let i = 0; i < n; i++) updateManagedFields(undefined, obj, opts('bench'));
  const perCall = (performance.now() - start) / n;
  assert.ok(perCall < 1, `${perCall.toFixed(3)} ms per create`);
});
