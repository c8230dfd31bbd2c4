// PodDisruptionBudget status math (upstream disruption controller): expected pods and desired healthy from
// minAvailable/maxUnavailable (percentages against the controllers' scale), healthy pods, the evicted pods still
// awaited, disruptionsAllowed and the DisruptionAllowed condition. Pure: the shell supplies pods and scales.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import type { Condition } from 'kubernetes-types/meta/v1.js';
import { scaledValueFromIntOrPercent } from '../../apps/v1/int-or-percent.js';
import { isPodReady } from '../../core/v1/pod-readiness.js';
import { semanticEqual } from '../../meta/equality.js';

/** How long an evicted pod may take to get its deletionTimestamp before the budget stops waiting for it. */
export const deletionTimeoutMs = 2 * 60_000;

/** A pod's controller and its scale, 'unmanaged' for pods without a controller, undefined when no controller is found. */
export type PodScale = { readonly uid: string; readonly scale: number } | 'unmanaged' | undefined;

export type ExpectedCount =
  | { readonly expectedCount: number; readonly desiredHealthy: number; readonly unmanaged: readonly string[] }
  | { readonly error: string };

/** Upstream getExpectedScale: the sum of the scales of the pods' distinct controllers. */
function expectedScale(pods: readonly Pod[], scaleOf: (pod: Pod) => PodScale): { scale: number; unmanaged: string[] } | { error: string } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const s = scaleOf(pod);
    if (s === 'unmanaged') { unmanaged.push(pod.metadata?.name ?? ''); continue; }
    if (!s) return { error: `found no controllers for pod "${pod.metadata?.name ?? ''}"` };
    scales.set(s.uid, s.scale);
  }
  return { scale: [...scales.values()].reduce((a, b) => a + b, 0), unmanaged };
}

/** Upstream getExpectedPodCount. */
export function expectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[], scaleOf: (pod: Pod) => PodScale): ExpectedCount {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) {
    const s = expectedScale(pods, scaleOf);
    if ('error' in s) return s;
    const max = scaledValueFromIntOrPercent(maxUnavailable, s.scale, true);
    return { expectedCount: s.scale, desiredHealthy: Math.max(0, s.scale - max), unmanaged: s.unmanaged };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanaged: [] };
  if (typeof minAvailable === 'string') {
    const s = expectedScale(pods, scaleOf);
    if ('error' in s) return s;
    return { expectedCount: s.scale, desiredHealthy: scaledValueFromIntOrPercent(minAvailable, s.scale, true), unmanaged: s.unmanaged };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
}

/**
 * Upstream buildDisruptedPodMap: the evicted pods still awaited (not yet being deleted, within the timeout), when
 * to look again, and the pods whose eviction timed out without a delete.
 */
export function awaitedEvictions(pods: readonly Pod[], disrupted: Readonly<Record<string, string>> | undefined, nowMs: number): { awaited: Record<string, string>; recheckAtMs?: number; expired: string[] } {
  const awaited: Record<string, string> = {};
  const expired: string[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const at = disrupted?.[name];
    if (pod.metadata?.deletionTimestamp || at === undefined) continue;
    const due = Date.parse(at) + deletionTimeoutMs;
    if (due < nowMs) { expired.push(name); continue; }
    awaited[name] = at;
    if (recheckAtMs === undefined || due < recheckAtMs) recheckAtMs = due;
  }
  return recheckAtMs === undefined ? { awaited, expired } : { awaited, recheckAtMs, expired };
}

/** Upstream countHealthyPods: Ready pods that are neither being deleted nor awaiting their eviction. */
export function countHealthy(pods: readonly Pod[], awaited: Readonly<Record<string, string>>, nowMs: number): number {
  return pods.filter((pod) => {
    if (pod.metadata?.deletionTimestamp) return false;
    const at = awaited[pod.metadata?.name ?? ''];
    if (at !== undefined && Date.parse(at) + deletionTimeoutMs > nowMs) return false;
    return isPodReady(pod);
  }).length;
}

/** apimeta.SetStatusCondition: the transition time moves only when the status changes. */
export function setCondition(conditions: readonly Condition[] | undefined, c: Omit<Condition, 'lastTransitionTime'>, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  const prev = list[i];
  const next: Condition = { ...c, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

/** Upstream UpdateDisruptionAllowedCondition. */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: string): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  return {
    ...status,
    conditions: setCondition(status.conditions, {
      type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0,
    }, now),
  };
}

function conditionsUpToDate(pdb: PodDisruptionBudget): boolean {
  const st = pdb.status;
  const c = st?.conditions?.find((x) => x.type === 'DisruptionAllowed');
  if (!st || !c || (st.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  return st.disruptionsAllowed > 0 ? c.status === 'True' && c.reason === 'SufficientPods' : c.status === 'False' && c.reason === 'InsufficientPods';
}

export interface Observed {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedCount: number;
  readonly awaited: Readonly<Record<string, string>>;
}

/** Upstream updatePdbStatus: the new status, or undefined when the stored one already says this. */
export function budgetStatus(pdb: PodDisruptionBudget, o: Observed, now: string): PodDisruptionBudgetStatus | undefined {
  // A budget over no expected pods allows nothing: its first pods may appear before it is recomputed.
  const disruptionsAllowed = o.expectedCount <= 0 ? 0 : Math.max(0, o.currentHealthy - o.desiredHealthy);
  const st = pdb.status;
  const generation = pdb.metadata?.generation ?? 0;
  const disruptedPods = Object.keys(o.awaited).length ? { ...o.awaited } : undefined;
  if (st && st.currentHealthy === o.currentHealthy && st.desiredHealthy === o.desiredHealthy && st.expectedPods === o.expectedCount
    && st.disruptionsAllowed === disruptionsAllowed && semanticEqual(st.disruptedPods ?? {}, disruptedPods ?? {}) && (st.observedGeneration ?? 0) === generation
    && conditionsUpToDate(pdb)) return undefined;
  const next: PodDisruptionBudgetStatus = {
    currentHealthy: o.currentHealthy, desiredHealthy: o.desiredHealthy, expectedPods: o.expectedCount, disruptionsAllowed,
    observedGeneration: generation, ...(disruptedPods ? { disruptedPods } : {}), ...(st?.conditions ? { conditions: st.conditions } : {}),
  };
  return withDisruptionAllowedCondition(next, now);
}

/** Upstream failSafe: a budget that cannot be computed allows nothing, and says why. */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, now: string): PodDisruptionBudgetStatus {
  const st: PodDisruptionBudgetStatus = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
  return {
    ...st,
    disruptionsAllowed: 0,
    conditions: setCondition(st.conditions, { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: st.observedGeneration ?? 0 }, now),
  };
}
