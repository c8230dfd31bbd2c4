import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverSideApply, updateManagedFields } from './index.js';
import { patchMetaFor } from '../schema/index.js';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../meta/kind-rules.js';

const meta = patchMetaFor('apps', 'v1', 'Deployment');
const now = new Date('2024-01-02T03:04:05Z');
const opts = (manager: string, force = false) => ({ manager, force, meta, apiVersion: 'apps/v1', now });
const dep = (replicas: number, image: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
  spec: { replicas, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image }] } } },
});
type Dep = { spec: { replicas?: number; template: { spec: { containers: { name: string; image: string }[] } } }; metadata: { managedFields?: { manager: string; operation: string; fieldsV1: Record<string, unknown> }[]; labels?: Record<string, string> } };

test('serverSideApply() creates with an Apply entry in fieldsV1 form', () => {
  const out = serverSideApply(undefined, dep(2, 'nginx'), opts('kubectl')) as unknown as Dep;
  assert.equal(out.spec.replicas, 2);
  const mf = out.metadata.managedFields!;
  assert.equal(mf.length, 1);
  assert.deepEqual([mf[0]!.manager, mf[0]!.operation], ['kubectl', 'Apply']);
  const f = mf[0]!.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(f['f:spec']!['f:replicas'], {});
  assert.ok('k:{"name":"c"}' in (f['f:spec']!['f:template'] as Record<string, Record<string, Record<string, unknown>>>)['f:spec']!['f:containers']!);
});

test('serverSideApply() reports a conflict with another manager as upstream, and force takes ownership', () => {
  const created = serverSideApply(undefined, dep(2, 'nginx'), opts('kubectl'));
  const updated = updateManagedFields(created, { ...structuredClone(created), spec: { ...(created['spec'] as object), replicas: 5 } }, { manager: 'kubectl-scale', meta, apiVersion: 'apps/v1', now });
  assert.throws(() => serverSideApply(updated, dep(3, 'nginx'), opts('kubectl')), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 409);
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
    assert.deepEqual(e.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" using apps/v1', field: '.spec.replicas' }]);
    return true;
  });
  const forced = serverSideApply(updated, dep(3, 'nginx'), opts('kubectl', true)) as unknown as Dep;
  assert.equal(forced.spec.replicas, 3);
  assert.deepEqual(forced.metadata.managedFields!.map((m) => m.manager), ['kubectl']);
});

test('serverSideApply() removes fields the manager stops applying and keeps others’ fields', () => {
  const withLabel = { ...dep(2, 'nginx'), metadata: { name: 'd', labels: { a: '1' } } };
  const first = serverSideApply(undefined, withLabel, opts('kubectl'));
  const other = updateManagedFields(first, { ...structuredClone(first), metadata: { ...(first.metadata as object), labels: { a: '1', b: '2' } } }, { manager: 'other', meta, apiVersion: 'apps/v1', now });
  const second = serverSideApply(other, dep(2, 'nginx'), opts('kubectl')) as unknown as Dep;
  assert.deepEqual(second.metadata.labels, { b: '2' });
  const same = serverSideApply(second as unknown as KubeObject, dep(2, 'nginx'), opts('kubectl'));
  assert.deepEqual(same, second, 're-applying the same configuration changes nothing');
});
