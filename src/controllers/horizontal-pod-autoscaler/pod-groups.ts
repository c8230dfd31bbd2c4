// Which pods a replica calculation counts (upstream replica_calculator.go groupPods and calculatePodRequests):
// ignored, unready, missing a metric, or ready; and the pods' requests in milli-units. Pure.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';

/** One pod's sample, as the metrics APIs report it: a milli-value over a window ending at the timestamp. */
export interface PodMetric {
  /** Milli-units (cores × 1000, bytes × 1000, or a custom metric's milli-value). */
  readonly value: number;
  readonly timestampMs: number;
  readonly windowMs: number;
}

/** Pod name → its sample (upstream PodMetricsInfo). */
export type PodMetricsInfo = Readonly<Record<string, PodMetric>>;

export interface PodGroups {
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
}

export interface ReadinessTimings {
  /** --horizontal-pod-autoscaler-cpu-initialization-period (upstream default 5 min). */
  readonly cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (upstream default 30 s). */
  readonly delayOfInitialReadinessStatusMs: number;
}

/** Go's zero time.Time: what an absent timestamp reads as upstream. */
const goZeroTimeMs = Date.parse('0001-01-01T00:00:00Z');

function timeMs(t: string | undefined): number {
  const ms = t === undefined ? Number.NaN : Date.parse(t);
  return Number.isFinite(ms) ? ms : goZeroTimeMs;
}

/** For cpu only: a sample taken while the pod was still warming up, or from a pod never seen ready, is not used. */
function isUnreadyForCpu(pod: Pod, metric: PodMetric, nowMs: number, timings: ReadinessTimings): boolean {
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready === undefined || pod.status?.startTime === undefined) return true;
  const startMs = timeMs(pod.status.startTime);
  const transitionMs = timeMs(ready.lastTransitionTime);
  if (startMs + timings.cpuInitializationPeriodMs > nowMs) {
    // Within the initialization period: the sample must cover a full window since the last readiness change.
    return ready.status === 'False' || metric.timestampMs < transitionMs + metric.windowMs;
  }
  // Afterwards only a pod that turned unready right at start (never ready) is left out.
  return ready.status === 'False' && startMs + timings.delayOfInitialReadinessStatusMs > transitionMs;
}

/**
 * upstream groupPods: deleted and Failed pods are ignored, Pending pods are unready, pods without a sample
 * are missing; for the cpu resource, warming-up pods are unready too. The rest are ready.
 */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, options: ReadinessTimings & { resource: string; nowMs: number }): PodGroups {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp != null || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics[name];
    if (metric === undefined) {
      missing.add(name);
      continue;
    }
    if (options.resource === 'cpu' && isUnreadyForCpu(pod, metric, options.nowMs, options)) {
      unready.add(name);
      continue;
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** Regular containers and sidecars (restartable init containers), the ones whose usage the metrics report. */
function runningContainers(pod: Pod): Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}

/**
 * upstream calculatePodRequests: pod name → the summed request (milli-units) of `resource` over its containers,
 * or over the one named `container`. Every listed pod counts, ignored ones included, so a container without a
 * request fails the whole calculation with upstream's message.
 */
export function podRequests(pods: readonly Pod[], options: { resource: string; container?: string }): Map<string, bigint> {
  const requests = new Map<string, bigint>();
  for (const pod of pods) {
    let sum = 0n;
    for (const c of runningContainers(pod)) {
      if (options.container !== undefined && options.container !== '' && c.name !== options.container) continue;
      const request = c.resources?.requests?.[options.resource];
      if (request === undefined) {
        throw new Error(`missing request for ${options.resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`);
      }
      sum += parseQuantity(request).milliValue();
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return requests;
}

/** Ready for the replica count of Object and External metrics: Running with Ready=True (upstream getReadyPodsCount). */
export function readyRunningPodCount(pods: readonly Pod[]): number {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  return pods.filter((p) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
}
