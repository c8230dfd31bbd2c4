// HorizontalPodAutoscaler autoscaling/v1 ⇔ autoscaling/v2 conversion, following upstream: the v1 CPU target maps to a
// v2 Resource/cpu/Utilization metric; everything v1 cannot express rides in autoscaling.alpha.kubernetes.io annotations.
import type { KubeObject } from '../../meta/index.js';
import { arr, isRecord, rec } from '../../apps/v1/index.js';
import { defaultCpuMetric, defaultCpuUtilization } from '../v2/index.js';
import { metricSpecFromV1, metricSpecToV1, metricStatusFromV1, metricStatusToV1 } from './metric-annotations.js';

export const otherMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
export const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
export const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const annotationKeys = [otherMetricsAnnotation, currentMetricsAnnotation, conditionsAnnotation, behaviorAnnotation];

type Obj = Record<string, unknown>;

function isCpuUtilizationMetric(m: unknown): boolean {
  const r = rec(rec(m)['resource']);
  return rec(m)['type'] === 'Resource' && r['name'] === 'cpu' && rec(r['target'])['type'] === 'Utilization' && typeof rec(r['target'])['averageUtilization'] === 'number';
}

function copyDefined(from: Obj, to: Obj, keys: readonly string[]): void {
  for (const k of keys) if (from[k] !== undefined) to[k] = structuredClone(from[k]);
}

function parseAnnotation(v: unknown): unknown {
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined; // upstream fails the conversion; a corrupt annotation is dropped here instead
  }
}

/**
 * v2 (storage) → v1 (served). Does not mutate its argument. Metrics other than the CPU utilization target and
 * status.currentMetrics are kept as JSON annotations in the legacy v1 metric shape; conditions and behavior as JSON.
 */
export function hpaV2ToV1(obj: KubeObject): KubeObject {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const metadata = structuredClone(rec(obj.metadata));
  const annotations: Record<string, string> = { ...(rec(metadata['annotations']) as Record<string, string>) };
  const outSpec: Obj = {};
  copyDefined(spec, outSpec, ['scaleTargetRef', 'minReplicas', 'maxReplicas']);
  const metrics = arr(spec['metrics']);
  const cpu = metrics.find(isCpuUtilizationMetric);
  if (cpu !== undefined) outSpec['targetCPUUtilizationPercentage'] = rec(rec(rec(cpu)['resource'])['target'])['averageUtilization'];
  const others = metrics.filter((m) => !isCpuUtilizationMetric(m));
  if (others.length > 0) annotations[otherMetricsAnnotation] = JSON.stringify(others.map(metricSpecToV1));
  const current = arr(status['currentMetrics']);
  if (current.length > 0) annotations[currentMetricsAnnotation] = JSON.stringify(current.map(metricStatusToV1));
  const conditions = arr(status['conditions']);
  if (conditions.length > 0) annotations[conditionsAnnotation] = JSON.stringify(conditions);
  if (isRecord(spec['behavior'])) annotations[behaviorAnnotation] = JSON.stringify(spec['behavior']);
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations;
  const outStatus: Obj = {};
  copyDefined(status, outStatus, ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']);
  for (const m of current) {
    const r = rec(rec(m)['resource']);
    const u = rec(r['current'])['averageUtilization'];
    if (rec(m)['type'] === 'Resource' && r['name'] === 'cpu' && typeof u === 'number') outStatus['currentCPUUtilizationPercentage'] = u;
  }
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec: outSpec };
  if (obj['status'] !== undefined) out['status'] = outStatus;
  return out;
}

/**
 * v1 (served) → v2 (storage). Does not mutate its argument. Restores what hpaV2ToV1 put into annotations and
 * removes those annotations; with no metric at all the implicit v1 default (cpu 80%) becomes explicit.
 */
export function hpaV1ToV2(obj: KubeObject): KubeObject {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const metadata = structuredClone(rec(obj.metadata));
  const annotations = { ...rec(metadata['annotations']) };
  const outSpec: Obj = {};
  copyDefined(spec, outSpec, ['scaleTargetRef', 'minReplicas', 'maxReplicas']);
  const metrics: unknown[] = [];
  if (typeof spec['targetCPUUtilizationPercentage'] === 'number') metrics.push(defaultCpuMetric(spec['targetCPUUtilizationPercentage']));
  metrics.push(...arr(parseAnnotation(annotations[otherMetricsAnnotation])).map(metricSpecFromV1));
  outSpec['metrics'] = metrics.length > 0 ? metrics : [defaultCpuMetric(defaultCpuUtilization)];
  const behavior = parseAnnotation(annotations[behaviorAnnotation]);
  if (isRecord(behavior)) outSpec['behavior'] = behavior;
  const outStatus: Obj = {};
  copyDefined(status, outStatus, ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']);
  const current = parseAnnotation(annotations[currentMetricsAnnotation]);
  if (Array.isArray(current)) outStatus['currentMetrics'] = current.map(metricStatusFromV1);
  else if (typeof status['currentCPUUtilizationPercentage'] === 'number') {
    outStatus['currentMetrics'] = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status['currentCPUUtilizationPercentage'] } } }];
  }
  const conditions = parseAnnotation(annotations[conditionsAnnotation]);
  if (Array.isArray(conditions)) outStatus['conditions'] = conditions;
  for (const k of annotationKeys) delete annotations[k];
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations;
  else delete metadata['annotations'];
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec: outSpec };
  if (obj['status'] !== undefined) out['status'] = outStatus;
  return out;
}
