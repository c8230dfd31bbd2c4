import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../meta/field-path.js';
import { compareLevels, levelVersionString, policyFromLabels } from './policy.js';
import { existingPodWarnings } from './namespace-check.js';
import { isSignificantPodUpdate, podTemplateOf } from './pod-specs.js';

test('policyFromLabels() reads each mode with its version and defaults the rest', () => {
  const { policy, errors } = policyFromLabels({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.24', 'pod-security.kubernetes.io/warn': 'restricted' });
  assert.deepEqual(errors, []);
  assert.deepEqual(policy, { enforce: { level: 'baseline', version: 24 }, audit: { level: 'privileged', version: 'latest' }, warn: { level: 'restricted', version: 'latest' } });
  assert.equal(levelVersionString(policy.enforce), 'baseline:v1.24');
  assert.deepEqual(policyFromLabels(undefined).policy.enforce, { level: 'privileged', version: 'latest' });
});

test('policyFromLabels() fails closed for enforce and open for audit and warn, naming the bad labels', () => {
  const { policy, errors } = policyFromLabels({ 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/warn': 'x', 'pod-security.kubernetes.io/audit-version': '1.25' });
  assert.deepEqual(policy, { enforce: { level: 'restricted', version: 'latest' }, audit: { level: 'privileged', version: 'latest' }, warn: { level: 'privileged', version: 'latest' } });
  assert.deepEqual(errors.map(errorString), [
    'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    'metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: "1.25": must be "latest" or "v1.x"',
    'metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: "x": must be one of privileged, baseline, restricted',
  ]);
  assert.equal(compareLevels('restricted', 'baseline'), 1);
  assert.equal(compareLevels('privileged', 'baseline'), -1);
});

test('existingPodWarnings() groups pods by their violations under the first pod name', () => {
  const priv = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] } });
  const host = (name: string) => ({ metadata: { name }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'i' }] } });
  assert.deepEqual(existingPodWarnings('ns', { level: 'baseline', version: 'latest' }, [priv('b'), priv('a'), priv('c'), host('h'), { metadata: { name: 'ok' }, spec: { containers: [{ name: 'c', image: 'i' }] } }]), [
    'existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"',
    'a (and 2 other pods): privileged',
    'h: host namespaces',
  ]);
  assert.deepEqual(existingPodWarnings('ns', { level: 'baseline', version: 'latest' }, []), []);
});

test('podTemplateOf() finds workload pod templates, and nothing for other kinds', () => {
  const spec = { containers: [{ name: 'c', image: 'i' }] };
  assert.deepEqual(podTemplateOf('apps', 'deployments', { spec: { template: { metadata: { labels: { a: 'b' } }, spec } } }), { meta: { labels: { a: 'b' } }, spec });
  assert.deepEqual(podTemplateOf('batch', 'cronjobs', { spec: { jobTemplate: { spec: { template: { spec } } } } }), { meta: {}, spec });
  assert.deepEqual(podTemplateOf('', 'podtemplates', { template: { spec } }), { meta: {}, spec });
  assert.equal(podTemplateOf('', 'configmaps', { data: {} }), undefined);
  assert.equal(podTemplateOf('apps', 'deployments', { spec: {} }), undefined);
});

test('isSignificantPodUpdate() only for image, seccomp annotation and container changes', () => {
  const pod = (image: string, labels: Record<string, string> = {}) => ({ metadata: { name: 'p', labels }, spec: { containers: [{ name: 'c', image }] } });
  assert.equal(isSignificantPodUpdate(pod('a', { x: 'y' }), pod('a')), false);
  assert.equal(isSignificantPodUpdate(pod('b'), pod('a')), true);
  assert.equal(isSignificantPodUpdate({ ...pod('a'), spec: { containers: [{ name: 'c', image: 'a' }], ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } }, pod('a')), true);
  assert.equal(isSignificantPodUpdate({ metadata: { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers: [{ name: 'c', image: 'a' }] } }, pod('a')), true);
});
