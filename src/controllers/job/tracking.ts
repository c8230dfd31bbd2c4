// Counting finished pods safely (upstream trackJobStatusAndRemoveFinalizers), pure. A finished pod's uid is
// first written to status.uncountedTerminatedPods (or its index to completedIndexes), then its tracking
// finalizer is removed, then the uid moves into the succeeded/failed counters. A controller that stops at
// any point neither loses a pod nor counts it twice: a pod with the finalizer is not counted yet, a uid in
// uncounted whose pod has no finalizer any more is moved on the next sync.
import type { JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { newCondition, ensureCondition, findCondition, type ConditionType } from './conditions.js';
import type { Conclusion, JobEvent } from './control.js';
import { formatIndexes, hasIndex, totalIndexes, withIndexes } from './indexes.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { completionIndexOf, hasBackoffLimitPerIndex, hasTrackingFinalizer, isIndexedJob, isPodFailed, validIndexOf } from './pod-facts.js';

/** Upstream MaxUncountedPods: uids added per sync, keeping status small and big jobs from starving others. */
export const maxUncountedPods = 500;

export interface Tracking {
  readonly conclusion: Conclusion;
  /** The status to write before removing finalizers (when needsFlush). */
  readonly status: JobStatus;
  readonly needsFlush: boolean;
  readonly removeFinalizers: readonly Pod[];
  /** Uids of the job's pods that still carry the finalizer (and are not being removed already). */
  readonly withFinalizer: ReadonlySet<string>;
  /** The terminal condition to add once nothing is uncounted or terminating: Complete or Failed. */
  readonly finished?: JobCondition;
  readonly reachedMax: boolean;
}

export interface Settlement {
  readonly status: JobStatus;
  readonly needsWrite: boolean;
  /** The job became Complete or Failed with this write. */
  readonly finished?: JobCondition;
  readonly events: readonly JobEvent[];
}

/** Moves uids whose pods lost their finalizer from uncountedTerminatedPods into the counters. */
function countRemoved(status: JobStatus, withFinalizer: ReadonlySet<string>): { status: JobStatus; changed: boolean } {
  const u = status.uncountedTerminatedPods ?? {};
  const succeeded = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  const failed = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  const movedS = (u.succeeded ?? []).length - succeeded.length;
  const movedF = (u.failed ?? []).length - failed.length;
  if (!movedS && !movedF) return { status, changed: false };
  return {
    status: {
      ...status, succeeded: (status.succeeded ?? 0) + movedS, failed: (status.failed ?? 0) + movedF,
      uncountedTerminatedPods: { ...(succeeded.length ? { succeeded } : {}), ...(failed.length ? { failed } : {}) },
    },
    changed: true,
  };
}

const byIndex = (a: Pod, b: Pod): number => (completionIndexOf(a) ?? -1) - (completionIndexOf(b) ?? -1);

/** The finished pods this sync counts (uids or indexes) and whose finalizers it removes (upstream's loop). */
function podsToCount(c: Conclusion, pods: readonly Pod[], tracked: (p: Pod) => boolean, status: JobStatus): { remove: Pod[]; addSucceeded: string[]; addFailed: string[]; newIndexes: number[]; reachedMax: boolean } {
  const a = c.assessment;
  const { job } = a.input;
  const indexed = isIndexedJob(job);
  const addSucceeded: string[] = [];
  const addFailed: string[] = [];
  const newIndexes: number[] = [];
  const remove: Pod[] = [];
  const failing = c.finished !== undefined && c.finished.type !== 'SuccessCriteriaMet';
  let reachedMax = false;
  for (const p of pods) {
    if (!tracked(p)) continue;
    const uid = p.metadata?.uid ?? '';
    const failed = isPodFailed(p, job);
    if (!canRemoveFinalizer(c, p, failed)) continue;
    remove.push(p);
    if (p.status?.phase === 'Succeeded' && !a.uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = validIndexOf(p, job);
        if (ix !== undefined && !hasIndex(a.prevSucceededIndexes, ix)) newIndexes.push(ix);
      } else if (!a.uncounted.succeeded.has(uid)) addSucceeded.push(uid);
    } else if ((failed || failing) && !a.uncounted.failed.has(uid) && (!indexed || validIndexOf(p, job) !== undefined)) {
      // When the job is failing, every pod still running is a failure too.
      if (matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed) addFailed.push(uid);
    }
    if (newIndexes.length + addSucceeded.length + addFailed.length + (status.uncountedTerminatedPods?.succeeded ?? []).length + (status.uncountedTerminatedPods?.failed ?? []).length >= maxUncountedPods) {
      reachedMax = true;
      break;
    }
  }
  return { remove, addSucceeded, addFailed, newIndexes, reachedMax };
}

export function trackJob(c: Conclusion): Tracking {
  const a = c.assessment;
  const { job } = a.input;
  const indexed = isIndexedJob(job);
  const pods = indexed ? [...a.input.pods].sort(byIndex) : a.input.pods;
  const tracked = (p: Pod): boolean => hasTrackingFinalizer(p) && !a.input.expectedRemovals.has(p.metadata?.uid ?? '');
  const withFinalizer = new Set(pods.filter(tracked).map((p) => p.metadata?.uid ?? ''));
  const first = countRemoved(c.status, withFinalizer);
  let status = first.status;
  let needsFlush = c.needsUpdate || first.changed;
  const { remove, addSucceeded, addFailed, newIndexes, reachedMax } = podsToCount(c, pods, tracked, status);
  if (addSucceeded.length || addFailed.length) {
    needsFlush = true;
    const u = status.uncountedTerminatedPods ?? {};
    status = {
      ...status,
      uncountedTerminatedPods: {
        ...(u.succeeded?.length || addSucceeded.length ? { succeeded: [...(u.succeeded ?? []), ...addSucceeded] } : {}),
        ...(u.failed?.length || addFailed.length ? { failed: [...(u.failed ?? []), ...addFailed] } : {}),
      },
    };
  }
  if (indexed) {
    const succeeded = withIndexes(a.succeededIndexes, newIndexes);
    const completed = formatIndexes(succeeded);
    if (completed !== (job.status?.completedIndexes ?? '')) needsFlush = true;
    status = { ...status, succeeded: totalIndexes(succeeded), completedIndexes: completed };
    if (hasBackoffLimitPerIndex(job)) {
      const failedIx = formatIndexes(a.failedIndexes ?? []);
      if (failedIx !== job.status?.failedIndexes) { status = { ...status, failedIndexes: failedIx }; needsFlush = true; }
    }
  }
  let finished = c.finished;
  if (finished?.type === 'FailureTarget') {
    // The interim condition records why before any finalizer goes; Failed follows once every pod is gone.
    status = { ...status, conditions: [...(status.conditions ?? []), finished] };
    needsFlush = true;
    finished = newCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', a.now);
  } else if (finished?.type === 'SuccessCriteriaMet') {
    if (findCondition(status.conditions, 'SuccessCriteriaMet')?.status !== 'True') {
      status = { ...status, conditions: [...(status.conditions ?? []), finished] };
      needsFlush = true;
    }
    finished = newCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', a.now);
  }
  return { conclusion: c, status, needsFlush, removeFinalizers: remove, withFinalizer, ...(finished ? { finished } : {}), reachedMax };
}

/**
 * upstream canRemoveFinalizer: when the job is being deleted or finishing, or the pod succeeded, or it failed
 * (unless, with backoffLimitPerIndex, it is the failed pod whose counts its index's replacement still needs).
 */
function canRemoveFinalizer(c: Conclusion, pod: Pod, failed: boolean): boolean {
  const a = c.assessment;
  if (a.input.job.metadata.deletionTimestamp || c.finished || pod.status?.phase === 'Succeeded') return true;
  if (!failed) return false;
  const ix = completionIndexOf(pod);
  return !(hasBackoffLimitPerIndex(a.input.job) && ix !== undefined && a.delayedPerIndex.get(ix)?.metadata?.uid === pod.metadata?.uid);
}

/**
 * After the finalizer removals (removed: uids that succeeded, gone pods included): counts what lost its
 * finalizer, and makes the job Complete or Failed once nothing is uncounted and no pod is terminating.
 */
export function settleJob(t: Tracking, removed: ReadonlySet<string>, removalFailed: boolean): Settlement {
  const withFinalizer = new Set([...t.withFinalizer].filter((uid) => !removed.has(uid)));
  const counted = countRemoved(t.status, withFinalizer);
  let status = counted.status;
  let needsWrite = counted.changed;
  const a = t.conclusion.assessment;
  if (removalFailed || t.reachedMax || !t.finished) return { status, needsWrite, events: [] };
  const u = status.uncountedTerminatedPods ?? {};
  if ((u.succeeded ?? []).length + (u.failed ?? []).length > 0 || t.conclusion.counts.terminating > 0) return { status, needsWrite, events: [] };
  const f = t.finished;
  const r = ensureCondition(status.conditions ?? [], { type: f.type as ConditionType, status: 'True', reason: f.reason ?? '', message: f.message ?? '' }, a.now);
  status = { ...status, conditions: r.conditions, ...(f.type === 'Complete' ? { completionTime: a.now } : {}) };
  needsWrite = true;
  const events: JobEvent[] = [];
  const completions = a.input.job.spec?.completions;
  if (f.type === 'Complete') {
    if (completions != null && (status.succeeded ?? 0) > completions) events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
    events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  } else events.push({ type: 'Warning', reason: f.reason ?? 'Failed', message: f.message ?? '' });
  return { status, needsWrite, finished: f, events };
}
