import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invocationResource, isExemptConfigurationResource, namespaceSelectorDecision, objectSelectorMatches, ruleMatches, type RuleAttributes, type RuleWithOperations } from './matching.js';

const pods: RuleAttributes = { operation: 'CREATE', resource: { group: '', version: 'v1', resource: 'pods' }, subresource: '', namespace: 'default' };
const rule = (o: Partial<RuleWithOperations>): RuleWithOperations => ({ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], ...o });

const ruleCases: { name: string; rule: RuleWithOperations; attrs: RuleAttributes; want: boolean }[] = [
  { name: 'matches all with wildcards', rule: rule({}), attrs: pods, want: true },
  { name: 'checks the operation', rule: rule({ operations: ['UPDATE'] }), attrs: pods, want: false },
  { name: 'checks the group', rule: rule({ apiGroups: ['apps'] }), attrs: pods, want: false },
  { name: 'checks the version', rule: rule({ apiVersions: ['v2'] }), attrs: pods, want: false },
  { name: '"*" does not match subresources', rule: rule({ resources: ['*'] }), attrs: { ...pods, subresource: 'status' }, want: false },
  { name: '"pods/status" matches the status subresource', rule: rule({ resources: ['pods/status'] }), attrs: { ...pods, subresource: 'status' }, want: true },
  { name: '"*/*" matches every subresource', rule: rule({ resources: ['*/*'] }), attrs: { ...pods, subresource: 'eviction' }, want: true },
  { name: '"*/scale" matches scale of any resource', rule: rule({ resources: ['*/scale'] }), attrs: { ...pods, resource: { group: 'apps', version: 'v1', resource: 'deployments' }, subresource: 'scale' }, want: true },
  { name: '"*/scale" does not match the resource itself', rule: rule({ resources: ['*/scale'] }), attrs: pods, want: false },
  { name: 'Namespaced scope excludes cluster-scoped requests', rule: rule({ scope: 'Namespaced' }), attrs: { ...pods, namespace: '' }, want: false },
  { name: 'Namespaced scope excludes namespaces themselves', rule: rule({ scope: 'Namespaced' }), attrs: { ...pods, resource: { group: '', version: 'v1', resource: 'namespaces' }, namespace: 'web' }, want: false },
  { name: 'Cluster scope includes namespaces themselves', rule: rule({ scope: 'Cluster' }), attrs: { ...pods, resource: { group: '', version: 'v1', resource: 'namespaces' }, namespace: 'web' }, want: true },
  { name: 'Cluster scope excludes namespaced requests', rule: rule({ scope: 'Cluster' }), attrs: pods, want: false },
];
for (const c of ruleCases) test(`ruleMatches() ${c.name}`, () => assert.equal(ruleMatches(c.rule, c.attrs), c.want));

test('invocationResource() falls back to an equivalent resource under matchPolicy Equivalent only', () => {
  const hpaV1: RuleAttributes = { ...pods, resource: { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' } };
  const equivalents = [{ group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' }, { ...hpaV1.resource, kind: 'HorizontalPodAutoscaler' }];
  const rules = [rule({ apiGroups: ['autoscaling'], apiVersions: ['v2'], resources: ['horizontalpodautoscalers'] })];
  assert.deepEqual(invocationResource({ rules, matchPolicy: 'Equivalent' }, hpaV1, equivalents), equivalents[0]);
  assert.equal(invocationResource({ rules, matchPolicy: 'Exact' }, hpaV1, equivalents), undefined);
  assert.deepEqual(invocationResource({ rules: [rule({})], matchPolicy: 'Equivalent' }, hpaV1, equivalents), hpaV1.resource, 'the request\'s own resource first');
});

test('isExemptConfigurationResource() exempts webhook configurations only', () => {
  assert.equal(isExemptConfigurationResource({ group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' }), true);
  assert.equal(isExemptConfigurationResource({ group: '', version: 'v1', resource: 'configmaps' }), false);
});

test('objectSelectorMatches() matches the new or the old object', () => {
  const sel = { matchLabels: { app: 'web' } };
  const web = { metadata: { labels: { app: 'web' } } };
  const other = { metadata: { labels: { app: 'db' } } };
  assert.equal(objectSelectorMatches(undefined, other, undefined), true, 'no selector matches everything');
  assert.equal(objectSelectorMatches(sel, web, undefined), true);
  assert.equal(objectSelectorMatches(sel, other, web), true, 'a label removed by an update still matches');
  assert.equal(objectSelectorMatches(sel, other, undefined), false);
});

test('namespaceSelectorDecision() skips cluster-scoped requests and reports a missing namespace', () => {
  const sel = { matchLabels: { env: 'prod' } };
  assert.equal(namespaceSelectorDecision(sel, { kind: 'clusterScoped' }), 'match');
  assert.equal(namespaceSelectorDecision(sel, { kind: 'labels', labels: { env: 'prod' } }), 'match');
  assert.equal(namespaceSelectorDecision(sel, { kind: 'labels', labels: { env: 'dev' } }), 'skip');
  assert.equal(namespaceSelectorDecision(sel, { kind: 'notFound' }), 'namespaceNotFound');
  assert.equal(namespaceSelectorDecision({}, { kind: 'notFound' }), 'match', 'an empty selector needs no namespace');
});
