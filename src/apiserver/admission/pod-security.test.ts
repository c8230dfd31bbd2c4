import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isForbidden, isInvalid, lookupResource, type KubeObject } from '../../api/index.js';
import { internalContext, type RequestContext } from '../registry/context.js';
import { podSecurityAdmission } from './pod-security.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const deployments = lookupResource('apps', 'v1', 'deployments')!;
const namespaces = lookupResource('', 'v1', 'namespaces')!;
const ns = (labels: Record<string, string>): KubeObject => ({ metadata: { name: 'ns', labels } });
const privileged = (name = 'x'): Pod => ({ metadata: { name, namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] } });
const plugin = (labels: Record<string, string>, existing: Pod[] = []) => podSecurityAdmission({ namespace: () => ns(labels), pods: () => existing });


/** A request context whose audit annotations are collected (as the audit log would receive them). */
const annotated = new WeakMap<object, { key: string; value: string }[]>();
function auditedContext(): RequestContext {
  const list: { key: string; value: string }[] = [];
  const ctx: RequestContext = { ...internalContext('test'), audit: { annotate: (key, value) => { list.push({ key, value }); } } };
  annotated.set(ctx, list);
  return ctx;
}
const notes = (ctx: RequestContext): { key: string; value: string }[] => annotated.get(ctx) ?? [];

test('podSecurityAdmission() rejects a pod violating the enforce level with upstream wording', () => {
  const ctx = auditedContext();
  assert.throws(() => plugin({ 'pod-security.kubernetes.io/enforce': 'baseline' }).admit('CREATE', podsR, privileged() as KubeObject, undefined, { ctx, subresource: '' }),
    (e: unknown) => isForbidden(e) && (e as Error).message === 'pods "x" is forbidden: violates PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)');
  assert.deepEqual(ctx.warnings, []);
  assert.deepEqual(notes(ctx), [{ key: 'pod-security.kubernetes.io/enforce-policy', value: 'baseline:latest' }]);
});

test('podSecurityAdmission() warns and audits without rejecting', () => {
  const ctx = auditedContext();
  plugin({ 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/audit': 'baseline', 'pod-security.kubernetes.io/audit-version': 'v1.30' })
    .admit('CREATE', podsR, privileged() as KubeObject, undefined, { ctx, subresource: '' });
  assert.deepEqual(ctx.warnings, ['would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)']);
  assert.deepEqual(notes(ctx), [
    { key: 'pod-security.kubernetes.io/enforce-policy', value: 'privileged:latest' },
    { key: 'pod-security.kubernetes.io/audit-violations', value: 'would violate PodSecurity "baseline:v1.30": privileged (container "c" must not set securityContext.privileged=true)' },
  ]);
});

test('podSecurityAdmission() warns on workload templates but never rejects them', () => {
  const ctx = auditedContext();
  const d: KubeObject = { metadata: { name: 'd', namespace: 'ns' }, spec: { template: { metadata: {}, spec: privileged().spec } } };
  plugin({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'baseline' }).admit('CREATE', deployments, d, undefined, { ctx, subresource: '' });
  assert.deepEqual(ctx.warnings, ['would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)']);
});

test('podSecurityAdmission() skips status writes and insignificant pod updates', () => {
  const p = plugin({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  const pod = privileged() as KubeObject;
  assert.doesNotThrow(() => p.admit('UPDATE', podsR, pod, pod, { ctx: internalContext('test'), subresource: 'status' }));
  assert.doesNotThrow(() => p.admit('UPDATE', podsR, { ...pod, metadata: { name: 'x', namespace: 'ns', labels: { a: 'b' } } }, pod, { ctx: internalContext('test'), subresource: '' }));
  assert.throws(() => p.admit('UPDATE', podsR, { ...pod, spec: { containers: [{ name: 'c', image: 'other', securityContext: { privileged: true } }] } }, pod, { ctx: internalContext('test'), subresource: '' }));
});

test('podSecurityAdmission() rejects invalid namespace labels and warns about existing pods when enforce tightens', () => {
  const p = plugin({}, [privileged('a'), privileged('b')]);
  assert.throws(() => p.admit('CREATE', namespaces, ns({ 'pod-security.kubernetes.io/enforce': 'strict' }), undefined, { ctx: internalContext('test'), subresource: '' }),
    (e: unknown) => isInvalid(e) && (e as Error).message === 'Namespace "ns" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
  const ctx = auditedContext();
  p.admit('UPDATE', namespaces, ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }), ns({}), { ctx, subresource: '' });
  assert.deepEqual(ctx.warnings, ['existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"', 'a (and 1 other pod): privileged']);
  const relaxed = internalContext('test');
  p.admit('UPDATE', namespaces, ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }), ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), { ctx: relaxed, subresource: '' });
  assert.deepEqual(relaxed.warnings, []);
});
