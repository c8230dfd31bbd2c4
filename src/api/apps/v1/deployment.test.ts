import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { errorString, type KubeObject } from '../../meta/index.js';
import { deploymentRules } from './deployment.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
const deployment: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, template },
};
const defaulted = (o: KubeObject): KubeObject => {
  const c = structuredClone(o);
  deploymentRules.defaults?.(c);
  return c;
};
const withSpec = (extra: Record<string, unknown>): KubeObject => {
  const o = defaulted(deployment);
  Object.assign(o['spec'] as Record<string, unknown>, extra);
  return o;
};
const errs = (o: KubeObject): string[] => (deploymentRules.validate?.(o) ?? []).map(errorString);

test('deploymentRules.defaults() applies RollingUpdate 25%/25%, replicas 1, revisionHistoryLimit 10, progressDeadlineSeconds 600', () => {
  const t = structuredClone(template);
  defaultPodTemplateSpec(t);
  assert.deepEqual(defaulted(deployment), {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } }, template: t, replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    },
  });
});

test('deploymentRules.defaults() leaves a Recreate strategy without rollingUpdate and keeps explicit bounds', () => {
  const recreate = defaulted({ ...deployment, spec: { ...(deployment['spec'] as object), strategy: { type: 'Recreate' } } });
  assert.deepEqual((recreate['spec'] as Record<string, unknown>)['strategy'], { type: 'Recreate' });
  const partial = defaulted({ ...deployment, spec: { ...(deployment['spec'] as object), strategy: { rollingUpdate: { maxSurge: 1 } } } });
  assert.deepEqual((partial['spec'] as Record<string, unknown>)['strategy'], { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
});

test('deploymentRules.validate() accepts a defaulted Deployment and rejects invalid specs', () => {
  assert.deepEqual(errs(defaulted(deployment)), []);
  const cases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
    { name: 'empty selector', spec: { selector: {} }, want: ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'] },
    { name: 'both zero', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } }, want: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'] },
    { name: 'over 100%', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%', maxSurge: 1 } } }, want: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'] },
    { name: 'bad percent', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'x%', maxSurge: 1 } } }, want: [`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "x%": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`] },
    { name: 'Recreate with rollingUpdate', spec: { strategy: { type: 'Recreate', rollingUpdate: {} } }, want: ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"] },
    { name: 'deadline not above minReadySeconds', spec: { minReadySeconds: 30, progressDeadlineSeconds: 30 }, want: ['spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds'] },
    { name: 'negative replicas', spec: { replicas: -1 }, want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
  ];
  for (const c of cases) assert.deepEqual(errs(withSpec(c.spec)), c.want, c.name);
});

test('deploymentRules.validate() requires restartPolicy Always in the template', () => {
  const o = defaulted(deployment);
  (((o['spec'] as Record<string, unknown>)['template'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['restartPolicy'] = 'Never';
  assert.deepEqual((deploymentRules.validate?.(o) ?? []).map((e) => e.field), ['spec.template.spec.restartPolicy']);
});

test('deploymentRules.validateUpdate() keeps the selector immutable', () => {
  const old = defaulted(deployment);
  const next = withSpec({ selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } });
  assert.deepEqual((deploymentRules.validateUpdate?.(next, old) ?? []).map(errorString), [
    'spec.selector: Invalid value: {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]}: field is immutable',
  ]);
  assert.deepEqual(deploymentRules.validateUpdate?.(withSpec({ replicas: 3 }), old), []);
});
