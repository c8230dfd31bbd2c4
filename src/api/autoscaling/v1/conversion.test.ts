import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../meta/index.js';
import { currentMetricsAnnotation, hpaV1ToV2, hpaV2ToV1, otherMetricsAnnotation } from './conversion.js';
import { hpaV1Rules } from './horizontal-pod-autoscaler.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };
const meta = { name: 'php-apache', namespace: 'default' };
const cpu = (n: number): Record<string, unknown> => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });

test('hpaV1ToV2() turns the v1 CPU target into a Resource metric (kubectl autoscale)', () => {
  const v1: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 } };
  assert.deepEqual(hpaV1ToV2(v1), { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpu(50)] } });
});

test('hpaV1ToV2() makes the implicit 80% default explicit when v1 has no target', () => {
  const v1: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: ref, maxReplicas: 3 } };
  assert.deepEqual((hpaV1ToV2(v1)['spec'] as Record<string, unknown>)['metrics'], [cpu(80)]);
});

test('hpaV2ToV1() keeps other metrics and current metrics in annotations, and hpaV1ToV2() restores them', () => {
  const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
  const current = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42, averageValue: '120m' } } }];
  const v2: KubeObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta,
    spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpu(60), pods] },
    status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: current },
  };
  const v1 = hpaV2ToV1(v2);
  assert.deepEqual(v1, {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler',
    metadata: {
      ...meta,
      annotations: {
        [otherMetricsAnnotation]: '[{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}}]',
        [currentMetricsAnnotation]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":42,"currentAverageValue":"120m"}}]',
      },
    },
    spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 60 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 42 },
  });
  assert.deepEqual(hpaV1ToV2(v1), v2);
  assert.equal((v2.metadata as Record<string, unknown>)['annotations'], undefined, 'the input is not mutated');
});

test('hpaV2ToV1() and hpaV1ToV2() round-trip every metric source through the legacy annotation shape', () => {
  const sel = { matchLabels: { app: 'q' } };
  const metrics = [
    { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'rps', selector: sel }, target: { type: 'Value', value: '2k' } } },
    { type: 'External', external: { metric: { name: 'queue', selector: sel }, target: { type: 'AverageValue', averageValue: '30' } } },
    { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'AverageValue', averageValue: '500Mi' } } },
    { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
  ];
  const currentMetrics = [
    { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'rps' }, current: { value: '1k' } } },
    { type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '3' } } },
    { type: 'External', external: { metric: { name: 'queue' }, current: { averageValue: '12' } } },
  ];
  const v2: KubeObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { ...meta, annotations: { team: 'a' } },
    spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 4, metrics, behavior: { scaleDown: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } },
    status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics, conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }] },
  };
  const v1 = hpaV2ToV1(v2);
  assert.equal((v1['spec'] as Record<string, unknown>)['targetCPUUtilizationPercentage'], undefined);
  assert.deepEqual(hpaV1ToV2(v1), v2);
});

test('hpaV1Rules validates the v1 shape', () => {
  const v1: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: ref, maxReplicas: 0, targetCPUUtilizationPercentage: 0 } };
  hpaV1Rules.defaults?.(v1);
  assert.equal((v1['spec'] as Record<string, unknown>)['minReplicas'], 1);
  assert.deepEqual((hpaV1Rules.validate?.(v1) ?? []).map((e) => `${e.field}: ${e.detail ?? ''}`), [
    'spec.maxReplicas: must be greater than 0',
    'spec.maxReplicas: must be greater than or equal to `minReplicas`',
    'spec.targetCPUUtilizationPercentage: must be greater than 0',
  ]);
});
