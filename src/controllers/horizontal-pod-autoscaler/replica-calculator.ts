// The replica count one metric asks for (upstream replica_calculator.go and metrics/utilization.go): usage ratio
// against the target, tolerance, and the rebalancing of missing and unready pods. Pure: samples in, proposal out.
// Every function throws an Error with upstream's message when no proposal can be made.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { groupPods, podRequests, readyRunningPodCount, type PodMetricsInfo, type ReadinessTimings } from './pod-groups.js';

export interface ReplicaCalculatorOptions extends Partial<ReadinessTimings> {
  /** --horizontal-pod-autoscaler-tolerance: ratios within 1 ± tolerance change nothing. */
  readonly tolerance?: number;
}

export const defaultTolerance = 0.1;
export const defaultCpuInitializationPeriodMs = 5 * 60_000;
export const defaultDelayOfInitialReadinessStatusMs = 30_000;

function settings(o: ReplicaCalculatorOptions | undefined): ReadinessTimings & { tolerance: number } {
  return {
    tolerance: o?.tolerance ?? defaultTolerance,
    cpuInitializationPeriodMs: o?.cpuInitializationPeriodMs ?? defaultCpuInitializationPeriodMs,
    delayOfInitialReadinessStatusMs: o?.delayOfInitialReadinessStatusMs ?? defaultDelayOfInitialReadinessStatusMs,
  };
}

/** Per-pod samples of one metric with the pods they should come from (listed by the target's selector). */
export interface PodSamples {
  /** The target's spec.replicas. */
  readonly currentReplicas: number;
  readonly pods: readonly Pod[];
  readonly metrics: PodMetricsInfo;
  /** The metrics API's timestamp, passed through to the result. */
  readonly timestampMs: number;
  readonly nowMs: number;
}

export interface UtilizationProposal {
  readonly replicas: number;
  /** Percent of request (upstream int32, truncated). */
  readonly utilization: number;
  /** Average milli-value per counted pod. */
  readonly rawUtilization: number;
  readonly timestampMs: number;
}

export interface UsageProposal {
  readonly replicas: number;
  /** Milli-value: the average per pod, or the object's / external total for Value targets. */
  readonly usage: number;
  readonly timestampMs: number;
}

// Go's int64 math on milli-values, exact beyond 2^53 and truncating like Go's integer division.
const big = (v: number): bigint => BigInt(Math.trunc(v));

/** upstream GetResourceUtilizationRatio. Pods without a request are extraneous samples and skipped. */
function utilizationRatio(metrics: ReadonlyMap<string, bigint>, requests: ReadonlyMap<string, bigint>, targetUtilization: number) {
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let entries = 0n;
  for (const [name, value] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    metricsTotal += value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0n) throw new Error('no metrics returned matched known pods');
  const utilization = Number((metricsTotal * 100n) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawUtilization: Number(metricsTotal / entries) };
}

/** upstream GetMetricUsageRatio: the integer average against the target. */
function usageRatio(metrics: ReadonlyMap<string, bigint>, targetUsage: number) {
  let total = 0n;
  for (const v of metrics.values()) total += v;
  const usage = Number(total / BigInt(metrics.size));
  return { ratio: usage / targetUsage, usage };
}

interface Rebalance {
  readonly metrics: Map<string, bigint>;
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
}

/** Drops the samples of ignored and unready pods; throws when nothing is left to average. */
function countedSamples(samples: PodSamples, resource: string, options: ReadinessTimings): Rebalance {
  const groups = groupPods(samples.pods, samples.metrics, { ...options, resource, nowMs: samples.nowMs });
  const metrics = new Map<string, bigint>();
  for (const [name, m] of Object.entries(samples.metrics)) {
    if (!groups.ignored.has(name) && !groups.unready.has(name)) metrics.set(name, big(m.value));
  }
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  return { metrics, readyPodCount: groups.readyPodCount, unready: groups.unready, missing: groups.missing };
}

/**
 * The shared second pass: missing pods count as `assumeOnScaleDown` when scaling down and as 0 when scaling
 * up, unready pods as 0 when scaling up. The new ratio decides, unless it falls within tolerance, flips the
 * direction, or the pod count would move the replicas against that direction.
 */
function rebalanced(r: Rebalance, ratio: number, opts: { currentReplicas: number; tolerance: number; assumeOnScaleDown: (pod: string) => bigint; ratioOf: (m: Map<string, bigint>) => number }): number {
  const scaleUpWithUnready = r.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && r.missing.size === 0) {
    if (Math.abs(1 - ratio) <= opts.tolerance) return opts.currentReplicas;
    return Math.ceil(ratio * r.readyPodCount);
  }
  const metrics = new Map(r.metrics);
  for (const pod of r.missing) {
    if (ratio < 1) metrics.set(pod, opts.assumeOnScaleDown(pod));
    else if (ratio > 1) metrics.set(pod, 0n);
  }
  if (scaleUpWithUnready) for (const pod of r.unready) metrics.set(pod, 0n);
  const newRatio = opts.ratioOf(metrics);
  if (Math.abs(1 - newRatio) <= opts.tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return opts.currentReplicas;
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > opts.currentReplicas) || (newRatio > 1 && replicas < opts.currentReplicas)) return opts.currentReplicas;
  return replicas;
}

/**
 * upstream GetResourceReplicas: a Resource or ContainerResource metric with an averageUtilization target
 * (percent of the pods' requests). Missing pods count as max(100 %, target) of their request on scale-down.
 */
export function getResourceReplicas(samples: PodSamples & { targetUtilization: number; resource: string; container?: string }, options?: ReplicaCalculatorOptions): UtilizationProposal {
  if (samples.pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const s = settings(options);
  const counted = countedSamples(samples, samples.resource, s);
  const requests = podRequests(samples.pods, { resource: samples.resource, ...(samples.container !== undefined ? { container: samples.container } : {}) });
  const first = utilizationRatio(counted.metrics, requests, samples.targetUtilization);
  const fallback = BigInt(Math.max(100, samples.targetUtilization));
  const replicas = rebalanced(counted, first.ratio, {
    currentReplicas: samples.currentReplicas,
    tolerance: s.tolerance,
    assumeOnScaleDown: (pod) => ((requests.get(pod) ?? 0n) * fallback) / 100n,
    ratioOf: (m) => utilizationRatio(m, requests, samples.targetUtilization).ratio,
  });
  return { replicas, utilization: first.utilization, rawUtilization: first.rawUtilization, timestampMs: samples.timestampMs };
}

/** upstream calcPlainMetricReplicas: an average-value target; missing pods count as exactly the target on scale-down. */
function plainMetricReplicas(samples: PodSamples, targetUsage: number, resource: string, options?: ReplicaCalculatorOptions): UsageProposal {
  if (samples.pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const s = settings(options);
  const counted = countedSamples(samples, resource, s);
  const first = usageRatio(counted.metrics, targetUsage);
  const replicas = rebalanced(counted, first.ratio, {
    currentReplicas: samples.currentReplicas,
    tolerance: s.tolerance,
    assumeOnScaleDown: () => big(targetUsage),
    ratioOf: (m) => usageRatio(m, targetUsage).ratio,
  });
  return { replicas, usage: first.usage, timestampMs: samples.timestampMs };
}

/** upstream GetRawResourceReplicas: a Resource or ContainerResource metric with an averageValue target (milli). */
export function getRawResourceReplicas(samples: PodSamples & { targetUsage: number; resource: string }, options?: ReplicaCalculatorOptions): UsageProposal {
  return plainMetricReplicas(samples, samples.targetUsage, samples.resource, options);
}

/** upstream GetMetricReplicas: a Pods metric (averageValue target, milli); readiness plays no part. */
export function getMetricReplicas(samples: PodSamples & { targetUsage: number }, options?: ReplicaCalculatorOptions): UsageProposal {
  return plainMetricReplicas(samples, samples.targetUsage, '', options);
}

/**
 * upstream getUsageRatioReplicaCount: with replicas running, the ratio applies to the ready pods (outside
 * tolerance); from zero replicas (HPAScaleToZero) the ratio alone decides.
 */
function replicasForRatio(ratio: number, currentReplicas: number, pods: readonly Pod[], tolerance: number): number {
  if (currentReplicas === 0) return Math.ceil(ratio);
  if (Math.abs(1 - ratio) <= tolerance) return currentReplicas;
  let ready: number;
  try {
    ready = readyRunningPodCount(pods);
  } catch (err) {
    throw new Error(`unable to calculate ready pods: ${(err as Error).message}`);
  }
  return Math.min(Math.ceil(ratio * ready), 2 ** 31 - 1);
}

/** A single value against a Value target (Object and External metrics). */
export interface ValueSample {
  readonly currentReplicas: number;
  readonly pods: readonly Pod[];
  readonly targetUsage: number;
  readonly timestampMs: number;
}

/** upstream GetObjectMetricReplicas: an Object metric with a Value target. */
export function getObjectMetricReplicas(sample: ValueSample & { usage: number }, options?: ReplicaCalculatorOptions): UsageProposal {
  const ratio = sample.usage / sample.targetUsage;
  return { replicas: replicasForRatio(ratio, sample.currentReplicas, sample.pods, settings(options).tolerance), usage: sample.usage, timestampMs: sample.timestampMs };
}

/** upstream GetExternalMetricReplicas: the sum of an External metric's series against a Value target. */
export function getExternalMetricReplicas(sample: ValueSample & { values: readonly number[] }, options?: ReplicaCalculatorOptions): UsageProposal {
  const usage = Number(sample.values.reduce((sum, v) => sum + big(v), 0n));
  return getObjectMetricReplicas({ ...sample, usage }, options);
}

/** A total spread over the target's pods (Object and External metrics with an AverageValue target). */
export interface AverageValueSample {
  /** The target's status.replicas. */
  readonly statusReplicas: number;
  readonly targetAverageUsage: number;
  readonly timestampMs: number;
}

/**
 * upstream GetObjectPerPodMetricReplicas: replicas = ceil(total / target) once outside tolerance; the reported
 * usage is the total per current replica. Skiff deviation: with no replicas the reported usage is the total
 * (upstream divides by zero and reports a garbage value).
 */
export function getObjectPerPodMetricReplicas(sample: AverageValueSample & { usage: number }, options?: ReplicaCalculatorOptions): UsageProposal {
  const ratio = sample.usage / (sample.targetAverageUsage * sample.statusReplicas);
  const replicas = Math.abs(1 - ratio) > settings(options).tolerance ? Math.ceil(sample.usage / sample.targetAverageUsage) : sample.statusReplicas;
  const usage = Math.ceil(sample.usage / Math.max(sample.statusReplicas, 1));
  return { replicas, usage, timestampMs: sample.timestampMs };
}

/** upstream GetExternalPerPodMetricReplicas: the sum of an External metric's series per pod. */
export function getExternalPerPodMetricReplicas(sample: AverageValueSample & { values: readonly number[] }, options?: ReplicaCalculatorOptions): UsageProposal {
  const usage = Number(sample.values.reduce((sum, v) => sum + big(v), 0n));
  return getObjectPerPodMetricReplicas({ ...sample, usage }, options);
}
