// The per-HPA memory of the controller (upstream horizontal.go recommendations, scaleUpEvents, scaleDownEvents):
// unstabilized recommendations for the stabilization windows and past scale changes for the rate policies.
// Kept by the shell in memory per HPA key, as upstream does (lost on restart, dropped when the HPA is deleted).
// Pure: every function returns new arrays and never mutates its arguments.
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';

export interface TimestampedRecommendation {
  readonly recommendation: number;
  readonly timestampMs: number;
}

export interface ScaleEvent {
  /** Absolute change, never negative. */
  readonly replicaChange: number;
  readonly timestampMs: number;
  /** Older than the longest policy period when last marked: its slot is reused by the next event. */
  readonly outdated: boolean;
}

export interface ScalingHistory {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

/**
 * Records a sample in place of the last entry flagged obsolete, or appends it: upstream's way of keeping the
 * list no longer than the most samples ever inside the window, without a separate prune.
 */
export function reuseOrAppend<T>(list: readonly T[], isObsolete: (item: T) => boolean, item: T): T[] {
  const out = [...list];
  let slot = -1;
  out.forEach((x, i) => {
    if (isObsolete(x)) slot = i;
  });
  if (slot >= 0) out[slot] = item;
  else out.push(item);
  return out;
}

/** upstream getReplicasChangePerPeriod: the replicas changed by events strictly inside the last period. */
export function replicasChangePerPeriod(periodSeconds: number, events: readonly ScaleEvent[], nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.reduce((sum, e) => (e.timestampMs > cutoff ? sum + e.replicaChange : sum), 0);
}

function longestPolicyPeriod(rules: HPAScalingRules): number {
  return (rules.policies ?? []).reduce((longest, p) => Math.max(longest, p.periodSeconds), 0);
}

/**
 * upstream storeScaleEvent, for one direction: marks the events older than the rules' longest policy period
 * outdated, then stores the change in the last outdated slot or appends it. Without behavior (`rules`
 * undefined) nothing is stored: the events would never be read.
 */
export function storeScaleEvent(events: readonly ScaleEvent[], rules: HPAScalingRules | undefined, opts: { replicaChange: number; nowMs: number }): ScaleEvent[] {
  if (rules === undefined) return [...events];
  const cutoff = opts.nowMs - longestPolicyPeriod(rules) * 1000;
  const marked = events.map((e) => (e.timestampMs < cutoff ? { ...e, outdated: true } : e));
  return reuseOrAppend(marked, (e) => e.outdated, { replicaChange: opts.replicaChange, timestampMs: opts.nowMs, outdated: false });
}

/**
 * After a successful rescale from `prev` to `next` replicas: the history with the change stored in its
 * direction (upstream calls storeScaleEvent only when the HPA has a behavior).
 */
export function recordRescale(history: ScalingHistory, behavior: { scaleUp: HPAScalingRules; scaleDown: HPAScalingRules } | undefined, opts: { prev: number; next: number; nowMs: number }): ScalingHistory {
  if (behavior === undefined) return history;
  if (opts.next > opts.prev) {
    return { ...history, scaleUpEvents: storeScaleEvent(history.scaleUpEvents, behavior.scaleUp, { replicaChange: opts.next - opts.prev, nowMs: opts.nowMs }) };
  }
  return { ...history, scaleDownEvents: storeScaleEvent(history.scaleDownEvents, behavior.scaleDown, { replicaChange: opts.prev - opts.next, nowMs: opts.nowMs }) };
}
