import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { hpaV2Rules } from './horizontal-pod-autoscaler.js';

const hpa = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
});
const defaulted = (spec: Record<string, unknown> = {}): KubeObject => {
  const o = hpa(spec);
  hpaV2Rules.defaults?.(o);
  return o;
};

test('hpaV2Rules.defaults() sets minReplicas 1 and a cpu 80% metric, leaving behavior unset', () => {
  assert.deepEqual(defaulted()['spec'], {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, minReplicas: 1,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  });
});

test('hpaV2Rules.defaults() fills both scaling rules once behavior is given', () => {
  const o = defaulted({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } }, metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }] });
  const spec = o['spec'] as Record<string, unknown>;
  assert.deepEqual(spec['behavior'], {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  });
  assert.equal((spec['metrics'] as unknown[]).length, 1);
  assert.deepEqual(hpaV2Rules.validate?.(o), []);
});

test('hpaV2Rules.validate() rejects bad replica bounds, metrics and policies', () => {
  const cases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
    { name: 'minReplicas 0', spec: { minReplicas: 0 }, want: ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'] },
    { name: 'min above max', spec: { minReplicas: 6 }, want: ['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`'] },
    { name: 'no target kind', spec: { scaleTargetRef: { name: 'web' } }, want: ['spec.scaleTargetRef.kind: Required value'] },
    { name: 'zero utilization', spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] }, want: ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0'] },
    { name: 'missing source', spec: { metrics: [{ type: 'Resource' }] }, want: ['spec.metrics[0].resource: Required value: must populate information for the given metric source'] },
    { name: 'bad period', spec: { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 4000 }] } } }, want: ['spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 4000: must be less than or equal to 1800'] },
  ];
  for (const c of cases) assert.deepEqual((hpaV2Rules.validate?.(defaulted(c.spec)) ?? []).map(errorString), c.want, c.name);
});
