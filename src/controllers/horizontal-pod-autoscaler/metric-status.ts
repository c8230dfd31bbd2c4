// One metric of an HPA (upstream horizontal.go computeReplicasForMetric and computeStatusFor*Metric): fetch it
// through the MetricsSource, ask the replica calculator, and build its status.currentMetrics entry, the name the
// SuccessfulRescale reason and ValidMetricFound message use, or the failure's condition, event and error text.
import type { MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity, Quantity, type LabelSelector } from '../../api/index.js';
import { hpaConditions, type HpaEvent, type WantedCondition } from './conditions.js';
import { goLabelSelectorString, metricSelector, type MetricsSource } from './metrics-source.js';
import {
  getExternalMetricReplicas, getExternalPerPodMetricReplicas, getMetricReplicas, getObjectMetricReplicas, getObjectPerPodMetricReplicas,
  getRawResourceReplicas, getResourceReplicas, type ReplicaCalculatorOptions,
} from './replica-calculator.js';

export interface MetricContext {
  readonly namespace: string;
  /** The target's spec.replicas and status.replicas (Object/External AverageValue targets divide by the latter). */
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** The target's parsed selector and the pods it matches. */
  readonly selector: LabelSelector;
  readonly pods: readonly Pod[];
  readonly nowMs: number;
  readonly source: MetricsSource;
  readonly options?: ReplicaCalculatorOptions;
}

export type MetricOutcome =
  | { readonly ok: true; readonly replicas: number; readonly metricName: string; readonly timestampMs: number; readonly status: MetricStatus }
  | { readonly ok: false; readonly error: string; readonly condition: WantedCondition; readonly events: readonly HpaEvent[] };

const text = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs `fn`, rethrowing any failure with `prefix` before its message (Go's fmt.Errorf("...: %v", err)). */
async function wrapped<T>(prefix: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new Error(`${prefix}${text(err)}`);
  }
}

/** upstream getUnableComputeReplicaCountCondition plus the error computeReplicasForMetric returns. */
function failed(reason: string, cause: string, error: string): MetricOutcome {
  return { ok: false, error, condition: hpaConditions.unableToCompute(reason, cause), events: [{ type: 'Warning', reason, message: cause }] };
}

/** resource.NewMilliQuantity(v, DecimalSI) in its canonical text. */
export const milliQuantity = (milli: number): string => new Quantity(BigInt(Math.trunc(milli)), 3, 'DecimalSI').toString();
const milliOf = (q: string | number | undefined): number => Number(parseQuantity(q ?? 0).milliValue());

interface Proposal { replicas: number; timestampMs: number; metricName: string; current: MetricValueStatus }

/** upstream computeStatusForResourceMetricGeneric: averageValue wins when set, else averageUtilization. */
async function resourceProposal(target: MetricTarget, resource: string, container: string | undefined, ctx: MetricContext): Promise<Proposal> {
  const fetch = () => wrapped(`unable to get metrics for resource ${resource}: `, () =>
    ctx.source.getResourceMetric(resource, { namespace: ctx.namespace, selector: ctx.selector, ...(container !== undefined ? { container } : {}) }));
  const base = { currentReplicas: ctx.specReplicas, pods: ctx.pods, nowMs: ctx.nowMs, resource };
  if (target.averageValue !== undefined) {
    const p = await wrapped(`failed to get ${resource} usage: `, async () => getRawResourceReplicas({ ...base, ...(await fetch()), targetUsage: milliOf(target.averageValue) }, ctx.options));
    return { replicas: p.replicas, timestampMs: p.timestampMs, metricName: `${resource} resource`, current: { averageValue: milliQuantity(p.usage) } };
  }
  if (target.averageUtilization === undefined) throw new Error('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  const utilization = target.averageUtilization;
  const p = await wrapped(`failed to get ${resource} utilization: `, async () =>
    getResourceReplicas({ ...base, ...(await fetch()), targetUtilization: utilization, ...(container !== undefined ? { container } : {}) }, ctx.options));
  const kind = container === undefined ? 'resource' : 'container resource';
  return { replicas: p.replicas, timestampMs: p.timestampMs, metricName: `${resource} ${kind} utilization (percentage of request)`, current: { averageUtilization: p.utilization, averageValue: milliQuantity(p.rawUtilization) } };
}

/** Resource and ContainerResource metrics. */
async function resourceMetric(spec: MetricSpec, ctx: MetricContext): Promise<MetricOutcome> {
  const inContainer = spec.type === 'ContainerResource';
  const src = inContainer ? spec.containerResource : spec.resource;
  const reason = inContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const field = inContainer ? 'containerResource' : 'resource';
  if (src === undefined) return failed(reason, `invalid ${spec.type} metric source: the ${field} field is not set`, `failed to get ${field} metric value: the ${field} field is not set`);
  const container = spec.containerResource?.container;
  try {
    const p = await resourceProposal(src.target, src.name, container, ctx);
    const status: MetricStatus = container === undefined
      ? { type: 'Resource', resource: { name: src.name, current: p.current } }
      : { type: 'ContainerResource', containerResource: { name: src.name, container, current: p.current } };
    return { ok: true, replicas: p.replicas, metricName: p.metricName, timestampMs: p.timestampMs, status };
  } catch (err) {
    // upstream names the container here for ContainerResource, not the resource.
    const what = container === undefined ? `${src.name} resource` : `${container} container`;
    return failed(reason, text(err), `failed to get ${what} metric value: ${text(err)}`);
  }
}

async function podsMetric(spec: MetricSpec, ctx: MetricContext): Promise<MetricOutcome> {
  const src = spec.pods;
  if (src === undefined) return failed('FailedGetPodsMetric', 'invalid pods metric source: the pods field is not set', 'failed to get pods metric value: the pods field is not set');
  // Validation requires it; upstream would crash without it.
  if (src.target.averageValue === undefined) return failed('FailedGetPodsMetric', 'invalid pods metric source: no average value target was set', 'failed to get pods metric value: invalid pods metric source: no average value target was set');
  try {
    const selector = metricSelector(src.metric.selector);
    const samples = await wrapped(`unable to get metric ${src.metric.name}: `, () =>
      ctx.source.getRawMetric(src.metric.name, { namespace: ctx.namespace, selector: ctx.selector, metricSelector: selector }));
    const p = getMetricReplicas({ currentReplicas: ctx.specReplicas, pods: ctx.pods, nowMs: ctx.nowMs, ...samples, targetUsage: milliOf(src.target.averageValue) }, ctx.options);
    const status: MetricStatus = { type: 'Pods', pods: { metric: src.metric, current: { averageValue: milliQuantity(p.usage) } } };
    return { ok: true, replicas: p.replicas, metricName: `pods metric ${src.metric.name}`, timestampMs: p.timestampMs, status };
  } catch (err) {
    return failed('FailedGetPodsMetric', text(err), `failed to get pods metric value: ${text(err)}`);
  }
}

/**
 * Object metrics. Skiff deviations (upstream flaws): an AverageValue target's status keeps its describedObject
 * and its name reads "<Kind> metric <name>" like a Value target's (upstream drops the object and calls it an
 * "external metric").
 */
async function objectMetric(spec: MetricSpec, ctx: MetricContext): Promise<MetricOutcome> {
  const src = spec.object;
  const reason = 'FailedGetObjectMetric';
  if (src === undefined) return failed(reason, 'invalid object metric source: the object field is not set', 'failed to get object metric value: the object field is not set');
  const ref = src.describedObject;
  const metricName = `${ref.kind} metric ${src.metric.name}`;
  let selector: LabelSelector;
  try {
    selector = metricSelector(src.metric.selector);
  } catch (err) {
    return failed(reason, text(err), `failed to get object metric value: ${text(err)}`);
  }
  // upstream's argument order: the kind lands after the metric name and the error after the object's name.
  const fetch = async () => {
    try {
      return await ctx.source.getObjectMetric(src.metric.name, { namespace: ctx.namespace, objectRef: ref, metricSelector: selector });
    } catch (err) {
      throw new Error(`unable to get metric ${src.metric.name}: ${ref.kind} on ${ctx.namespace} ${ref.name}/${text(err)}`);
    }
  };
  const target = src.target;
  if (target.type === 'Value' && target.value !== undefined) {
    try {
      const m = await fetch();
      const p = getObjectMetricReplicas({ currentReplicas: ctx.specReplicas, pods: ctx.pods, targetUsage: milliOf(target.value), usage: m.value, timestampMs: m.timestampMs }, ctx.options);
      const status: MetricStatus = { type: 'Object', object: { describedObject: ref, metric: src.metric, current: { value: milliQuantity(p.usage) } } };
      return { ok: true, replicas: p.replicas, metricName, timestampMs: p.timestampMs, status };
    } catch (err) {
      return failed(reason, text(err), `failed to get object metric value: ${text(err)}`);
    }
  }
  if (target.type === 'AverageValue' && target.averageValue !== undefined) {
    try {
      const m = await fetch();
      const p = getObjectPerPodMetricReplicas({ statusReplicas: ctx.statusReplicas, targetAverageUsage: milliOf(target.averageValue), usage: m.value, timestampMs: m.timestampMs }, ctx.options);
      const status: MetricStatus = { type: 'Object', object: { describedObject: ref, metric: src.metric, current: { averageValue: milliQuantity(p.usage) } } };
      return { ok: true, replicas: p.replicas, metricName, timestampMs: p.timestampMs, status };
    } catch (err) {
      return failed(reason, text(err), `failed to get object metric value: failed to get ${src.metric.name} object metric: ${text(err)}`);
    }
  }
  const msg = 'invalid object metric source: neither a value target nor an average value target was set';
  return failed(reason, msg, `failed to get object metric value: ${msg}`);
}

/** External metrics: averageValue wins when set, else value; the name carries the selector as Go prints it. */
async function externalMetric(spec: MetricSpec, ctx: MetricContext): Promise<MetricOutcome> {
  const src = spec.external;
  const reason = 'FailedGetExternalMetric';
  if (src === undefined) return failed(reason, 'invalid external metric source: the external field is not set', 'failed to get external metric value: the external field is not set');
  const name = src.metric.name;
  const selectorText = goLabelSelectorString(src.metric.selector);
  const metricName = `external metric ${name}(${selectorText})`;
  const fetch = async () => {
    const selector = metricSelector(src.metric.selector);
    return wrapped(`unable to get external metric ${ctx.namespace}/${name}/${selectorText}: `, () => ctx.source.getExternalMetric(name, { namespace: ctx.namespace, metricSelector: selector }));
  };
  const target = src.target;
  if (target.averageValue !== undefined) {
    try {
      const m = await fetch();
      const p = getExternalPerPodMetricReplicas({ statusReplicas: ctx.statusReplicas, targetAverageUsage: milliOf(target.averageValue), values: m.values, timestampMs: m.timestampMs }, ctx.options);
      return { ok: true, replicas: p.replicas, metricName, timestampMs: p.timestampMs, status: { type: 'External', external: { metric: src.metric, current: { averageValue: milliQuantity(p.usage) } } } };
    } catch (err) {
      return failed(reason, text(err), `failed to get ${name} external metric value: failed to get ${name} external metric: ${text(err)}`);
    }
  }
  if (target.value !== undefined) {
    try {
      const m = await fetch();
      const p = getExternalMetricReplicas({ currentReplicas: ctx.specReplicas, pods: ctx.pods, targetUsage: milliOf(target.value), values: m.values, timestampMs: m.timestampMs }, ctx.options);
      return { ok: true, replicas: p.replicas, metricName, timestampMs: p.timestampMs, status: { type: 'External', external: { metric: src.metric, current: { value: milliQuantity(p.usage) } } } };
    } catch (err) {
      return failed(reason, text(err), `failed to get ${name} external metric value: failed to get external metric ${name}: ${text(err)}`);
    }
  }
  const msg = 'invalid external metric source: neither a value target nor an average value target was set';
  return failed(reason, msg, `failed to get ${name} external metric value: ${msg}`);
}

/** upstream computeReplicasForMetric: the proposal of one metric spec, or why there is none. */
export async function computeReplicasForMetric(spec: MetricSpec, ctx: MetricContext): Promise<MetricOutcome> {
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource':
      return resourceMetric(spec, ctx);
    case 'Pods': return podsMetric(spec, ctx);
    case 'Object': return objectMetric(spec, ctx);
    case 'External': return externalMetric(spec, ctx);
    default: {
      const msg = `unknown metric source type "${spec.type}"`;
      return failed('InvalidMetricSourceType', msg, msg);
    }
  }
}
