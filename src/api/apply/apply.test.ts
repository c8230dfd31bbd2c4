import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverSideApply, type ApplyOptions } from './apply.js';
import { updateManagedFields } from './update.js';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../meta/kind-rules.js';
import { deployment, deploymentMeta, owners, t0, t1 } from './testing.js';

const apply = (live: KubeObject | undefined, cfg: KubeObject, manager: string, extra: Partial<ApplyOptions> = {}): KubeObject =>
  serverSideApply(live, cfg, { manager, force: false, meta: deploymentMeta, apiVersion: 'apps/v1', now: t0, ...extra });
const update = (old: KubeObject, next: KubeObject, manager: string): KubeObject => updateManagedFields(old, next, { manager, meta: deploymentMeta, apiVersion: 'apps/v1', now: t1 });

type Spec = { replicas?: number; template: { spec: { containers: { name: string; image?: string }[] } } };
const spec = (o: KubeObject): Spec => o['spec'] as Spec;
const images = (o: KubeObject): string[] => spec(o).template.spec.containers.map((c) => `${c.name}=${c.image ?? ''}`);
const managers = (o: KubeObject): string[] => owners(o).map((e) => `${e.manager}/${e.operation}`);
const setReplicas = (o: KubeObject, replicas: number): KubeObject => ({ ...structuredClone(o), spec: { ...spec(o), replicas } });

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e: unknown) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  assert.fail('expected a conflict');
}

test('serverSideApply() creates on apply with the applier owning exactly what it applied', () => {
  const out = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const { metadata, ...rest } = out;
  const { managedFields, ...meta } = metadata ?? {};
  assert.deepEqual({ ...rest, metadata: meta }, deployment({ replicas: 2 }));
  assert.deepEqual(managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2024-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
        },
      },
    },
  ]);
});

test('serverSideApply() re-applying the same configuration changes nothing', () => {
  const live = { ...apply(undefined, deployment({ replicas: 2 }), 'kubectl'), status: { replicas: 2 } };
  const again = serverSideApply(live, deployment({ replicas: 2 }), { manager: 'kubectl', force: false, meta: deploymentMeta, apiVersion: 'apps/v1', now: t1 });
  assert.deepEqual(again, live);
});

test('serverSideApply() removes fields the applier stops applying unless another manager owns them', () => {
  const first = apply(undefined, deployment({ replicas: 2, labels: { a: '1', b: '2' } }), 'kubectl');
  const shared = apply(first, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { b: '2' } } }, 'other');
  const second = apply(shared, deployment({}), 'kubectl');
  assert.deepEqual(second.metadata?.['labels'], { b: '2' });
  assert.equal(spec(second).replicas, undefined);
  assert.deepEqual(managers(second), ['kubectl/Apply', 'other/Apply']);
});

test('serverSideApply() prunes a named field wholesale when nobody owns anything under it', () => {
  const first = apply(undefined, deployment({ labels: { a: '1' } }), 'kubectl');
  const second = apply(first, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } }, 'kubectl');
  assert.deepEqual(second['spec'], { replicas: 1 });
  assert.equal(second.metadata?.['labels'], undefined);
  assert.equal(second.metadata?.['name'], 'web');
});

test('serverSideApply() lets two appliers own different fields side by side', () => {
  const a = apply(undefined, deployment({ replicas: 2 }), 'team-a');
  const b = apply(a, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { owner: 'b' } } }, 'team-b');
  const a2 = apply(b, deployment({ replicas: 4 }), 'team-a');
  assert.equal(spec(a2).replicas, 4);
  assert.deepEqual(a2.metadata?.['labels'], { owner: 'b' });
  assert.deepEqual(managers(a2), ['team-a/Apply', 'team-b/Apply']);
});

test('serverSideApply() conflicts with a field set by kubectl-client-side-apply, as upstream words it', () => {
  const created = updateManagedFields(undefined, deployment({ replicas: 1 }), { manager: 'kubectl-client-side-apply', meta: deploymentMeta, apiVersion: 'apps/v1', now: t0 });
  const e = conflictOf(() => apply(created, deployment({ replicas: 3 }), 'kubectl'));
  assert.equal(e.code, 409);
  assert.equal(e.reason, 'Conflict');
  assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  assert.deepEqual(e.details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] });
});

test('serverSideApply() lists several conflicts per manager, managers sorted', () => {
  const a = apply(undefined, deployment({ replicas: 1 }), 'x-applier');
  const scaled = update(a, setReplicas(a, 5), 'hpa');
  const shared = apply(scaled, deployment({ replicas: 5 }), 'x-applier');
  const retagged = update(shared, { ...structuredClone(shared), spec: { ...spec(shared), template: { ...spec(shared).template, spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } }, 'ci');
  const e = conflictOf(() => apply(retagged, deployment({ replicas: 2, containers: [{ name: 'nginx', image: 'nginx:3' }] }), 'me'));
  assert.equal(
    e.message,
    'Apply failed with 3 conflicts: conflicts with "ci" using apps/v1:\n- .spec.template.spec.containers[name="nginx"].image\nconflicts with "hpa" using apps/v1:\n- .spec.replicas\nconflicts with "x-applier":\n- .spec.replicas',
  );
  assert.deepEqual(e.details?.causes?.map((c) => `${c.message} ${c.field}`), [
    'conflict with "ci" using apps/v1 .spec.template.spec.containers[name="nginx"].image',
    'conflict with "hpa" using apps/v1 .spec.replicas',
    'conflict with "x-applier" .spec.replicas',
  ]);
});

test('serverSideApply() with force takes ownership; equal values are shared without conflict', () => {
  const csa = updateManagedFields(undefined, deployment({ replicas: 1 }), { manager: 'kubectl-client-side-apply', meta: deploymentMeta, apiVersion: 'apps/v1', now: t0 });
  const same = apply(csa, deployment({ replicas: 1 }), 'kubectl');
  assert.deepEqual(managers(same), ['kubectl/Apply', 'kubectl-client-side-apply/Update']);
  const forced = apply(same, deployment({ replicas: 3 }), 'kubectl', { force: true });
  assert.equal(spec(forced).replicas, 3);
  const csaFields = owners(forced).find((o) => o.manager === 'kubectl-client-side-apply')?.fieldsV1 as { 'f:spec': Record<string, unknown> };
  assert.equal(csaFields['f:spec']['f:replicas'], undefined);
  assert.ok(csaFields['f:spec']['f:template'] !== undefined, 'the other fields stay shared');
});

test('serverSideApply() loses ownership to an update by another manager and then conflicts', () => {
  const applied = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const scaled = update(applied, setReplicas(applied, 5), 'kubectl-scale');
  const mine = owners(scaled).find((o) => o.manager === 'kubectl')?.fieldsV1 as { 'f:spec': Record<string, unknown> };
  assert.equal(mine['f:spec']['f:replicas'], undefined);
  assert.equal(conflictOf(() => apply(scaled, deployment({ replicas: 2 }), 'kubectl')).message, 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
  assert.equal(spec(apply(scaled, deployment({}), 'kubectl')).replicas, 5, 'dropping the field keeps the other owner\'s value');
});

test('serverSideApply() owns containers per item: each applier keeps and removes only its own', () => {
  const a = apply(undefined, deployment({ containers: [{ name: 'app', image: 'app:1' }] }), 'app-team');
  const b = apply(a, deployment({ containers: [{ name: 'sidecar', image: 'proxy:1' }] }), 'mesh');
  assert.deepEqual(images(b), ['app=app:1', 'sidecar=proxy:1']);
  const a2 = apply(b, deployment({ containers: [{ name: 'app', image: 'app:2' }] }), 'app-team');
  assert.deepEqual(images(a2), ['app=app:2', 'sidecar=proxy:1']);
  const b2 = apply(a2, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'mesh');
  assert.deepEqual(images(b2), ['app=app:2']);
  const e = conflictOf(() => apply(a2, deployment({ containers: [{ name: 'sidecar', image: 'proxy:2' }] }), 'app-team'));
  assert.equal(e.details?.causes?.[0]?.field, '.spec.template.spec.containers[name="sidecar"].image');
});

test('serverSideApply() keeps upstream list order: live-only items stay, applied order wins for shared items', () => {
  const live = apply(undefined, deployment({ containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }, { name: 'c', image: '1' }] }), 'one');
  const out = apply(live, deployment({ containers: [{ name: 'c', image: '1' }, { name: 'd', image: '1' }, { name: 'a', image: '1' }] }), 'two');
  assert.deepEqual(images(out), ['b=1', 'c=1', 'd=1', 'a=1']);
});

test('serverSideApply() gives the fields of an untracked object to before-first-apply', () => {
  const live = { ...deployment({ replicas: 1 }), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
  const e = conflictOf(() => apply(live, deployment({ replicas: 2 }), 'kubectl'));
  assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  assert.deepEqual(managers(apply(live, deployment({ replicas: 1 }), 'kubectl')), ['kubectl/Apply', 'before-first-apply/Update']);
});

test('serverSideApply() treats live managedFields it cannot decode as none (upstream emptyManagedFieldsOnErr), not as a 500', () => {
  const live = { ...deployment({ replicas: 1 }), metadata: { name: 'web', namespace: 'default', uid: 'u', managedFields: [{ manager: 'x', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { '30!x': {} } }] } };
  assert.deepEqual(managers(apply(live, deployment({ replicas: 1 }), 'kubectl')), ['kubectl/Apply', 'before-first-apply/Update']);
});

test('serverSideApply() applies status only on the status subresource', () => {
  const live = apply(undefined, deployment({ replicas: 1 }), 'kubectl');
  const out = apply(live, { ...deployment({ replicas: 9 }), status: { replicas: 1 } }, 'controller', { subresource: 'status' });
  assert.equal(spec(out).replicas, 1);
  assert.deepEqual(out['status'], { replicas: 1 });
  const entry = owners(out).find((o) => o.manager === 'controller');
  assert.deepEqual([entry?.subresource, entry?.fieldsV1], ['status', { 'f:status': { 'f:replicas': {} } }]);
});

test('serverSideApply() rejects malformed configurations with 400', () => {
  const cases: [string, KubeObject, string][] = [
    ['managedFields', { ...deployment(), metadata: { name: 'web', managedFields: [] } }, 'metadata.managedFields must be nil'],
    ['version', { ...deployment(), apiVersion: 'apps/v1beta1' }, 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1'],
    ['key', deployment({ containers: [{ image: 'x' }] }), 'associative list with keys has an element that omits key field "name" (and doesn\'t have default value)'],
  ];
  for (const [name, cfg, message] of cases) {
    const e = conflictOf(() => apply(undefined, cfg, 'kubectl'));
    assert.deepEqual([e.code, e.message], [400, message], name);
  }
});

test('serverSideApply() does not mutate its inputs', () => {
  const live = apply(undefined, deployment({ replicas: 1, labels: { a: '1' } }), 'kubectl');
  const cfg = deployment({ replicas: 2 });
  const [liveCopy, cfgCopy] = [structuredClone(live), structuredClone(cfg)];
  apply(live, cfg, 'kubectl');
  assert.deepEqual([live, cfg], [liveCopy, cfgCopy]);
});

test('serverSideApply() keeps a map the applier owned as a member when it still applies entries of it (kubectl\'s client-side-apply upgrade writes such sets)', () => {
  const first = apply(undefined, deployment({ labels: { a: '1', b: '2' } }), 'kubectl');
  // kubectl apply --server-side after a client-side apply rewrites managedFields so kubectl owns `f:labels` itself ('.').
  const upgraded = structuredClone(first);
  const entry = (upgraded.metadata?.['managedFields'] as { fieldsV1: Record<string, unknown> }[])[0]!;
  assert.deepEqual(entry.fieldsV1['f:metadata'], { 'f:labels': { 'f:a': {}, 'f:b': {} } });
  entry.fieldsV1['f:metadata'] = { 'f:labels': { '.': {}, 'f:a': {}, 'f:b': {} } };
  const again = apply(upgraded, deployment({ labels: { a: '1', b: '2' } }), 'kubectl');
  assert.deepEqual(again.metadata?.['labels'], { a: '1', b: '2' });
  // Dropping one entry removes that entry only, and the map goes when nothing of it is applied.
  assert.deepEqual(apply(upgraded, deployment({ labels: { a: '1' } }), 'kubectl').metadata?.['labels'], { a: '1' });
  assert.equal(apply(upgraded, deployment({}), 'kubectl').metadata?.['labels'], undefined);
});
