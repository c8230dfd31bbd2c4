// Pod readiness and availability as controllers count them (upstream podutil.IsPodReady/IsPodAvailable). Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';

function readyCondition(pod: Pod) {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

/** Condition Ready=True. */
export const isPodReady = (pod: Pod): boolean => readyCondition(pod)?.status === 'True';

/** Ready for at least minReadySeconds (by the Ready condition's lastTransitionTime). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** Milliseconds until a ready pod becomes available, or undefined when it is not ready or already available. */
export function msUntilPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number | undefined {
  if (!isPodReady(pod) || minReadySeconds <= 0) return undefined;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  if (!Number.isFinite(since)) return minReadySeconds * 1000;
  const left = since + minReadySeconds * 1000 - nowMs;
  return left > 0 ? left : undefined;
}

/** Active = neither finished (Succeeded/Failed) nor being deleted (upstream FilterActivePods). */
export const isPodActive = (pod: Pod): boolean => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && pod.metadata?.deletionTimestamp == null;
