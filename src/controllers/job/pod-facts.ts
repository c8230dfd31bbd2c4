// What the Job controller reads off one of its pods: the tracking finalizer, the completion index and the
// per-index failure counts, whether the pod counts as failed or terminating, when it finished. Pure.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { jobCompletionIndexAnnotation, jobIndexFailureCountAnnotation, jobIndexIgnoredFailureCountAnnotation, jobTrackingFinalizer } from '../../api/index.js';

export const hasTrackingFinalizer = (pod: Pod): boolean => (pod.metadata?.finalizers ?? []).includes(jobTrackingFinalizer);

export const isIndexedJob = (job: Job): boolean => job.spec?.completionMode === 'Indexed';

export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;

export const hasBackoffLimitPerIndex = (job: Job): boolean => isIndexedJob(job) && job.spec?.backoffLimitPerIndex != null;

/** The pod's completion index, or undefined when missing or malformed (upstream unknownCompletionIndex). */
export function completionIndexOf(pod: Pod): number | undefined {
  const v = pod.metadata?.annotations?.[jobCompletionIndexAnnotation];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** A valid index for the job: known and below completions. */
export function validIndexOf(pod: Pod, job: Job): number | undefined {
  const ix = completionIndexOf(pod);
  return ix !== undefined && ix < (job.spec?.completions ?? 0) ? ix : undefined;
}

const countAnnotation = (pod: Pod | undefined, key: string): number => {
  const v = pod?.metadata?.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
};
export const indexFailureCountOf = (pod: Pod | undefined): number => countAnnotation(pod, jobIndexFailureCountAnnotation);
export const indexIgnoredFailureCountOf = (pod: Pod | undefined): number => countAnnotation(pod, jobIndexIgnoredFailureCountAnnotation);

/** Only failed pods are replaced (podReplacementPolicy Failed, or any podFailurePolicy): upstream onlyReplaceFailedPods. */
export const onlyReplaceFailedPods = (job: Job): boolean => job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;

/** Failed, or (unless only failed pods are replaced) deleted before it succeeded: upstream isPodFailed. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata?.deletionTimestamp != null && pod.status?.phase !== 'Succeeded';
}

/** Being deleted and not yet terminal (upstream CountTerminatingPods). */
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp != null && pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded';

/**
 * When the pod finished (upstream getFinishedTime): the latest container finish when all containers have
 * finished, else the Ready=False transition, else deletion time less the grace period, else creation.
 */
export function finishedTimeMs(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let all = statuses.length > 0;
  for (const s of statuses) {
    const t = Date.parse(s.state?.terminated?.finishedAt ?? '');
    if (!Number.isFinite(t)) { all = false; break; }
    latest = Math.max(latest ?? t, t);
  }
  if (all && latest !== undefined) return latest;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const readyFalse = ready?.status === 'False' ? Date.parse(ready.lastTransitionTime ?? '') : NaN;
  if (Number.isFinite(readyFalse)) return readyFalse;
  const deleted = Date.parse(pod.metadata?.deletionTimestamp ?? '');
  if (Number.isFinite(deleted)) return deleted - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata?.creationTimestamp ?? '') || 0;
}
