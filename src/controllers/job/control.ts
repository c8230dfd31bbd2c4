// The Job rule (upstream syncJob and manageJob), pure: assessJob() reads the job and its pods and decides
// whether the job is finishing (and why) and what to do with pods; concludeJob() takes what those pod writes
// achieved and settles the counters, completion and the Suspended condition. tracking.ts then counts
// finished pods through status.uncountedTerminatedPods and the tracking finalizer.
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady } from '../../api/index.js';
import { rfc3339 } from '../../util/index.js';
import { nextBackoffRecord, remainingBackoffMs, remainingIndexBackoffMs, type BackoffRecord } from './backoff.js';
import { ensureCondition, findCondition, newCondition, reasons } from './conditions.js';
import { firstPendingIndexes, hasIndex, mergeIntervals, parseIndexes, totalIndexes, withIndexes, type Interval } from './indexes.js';
import { jobPod, type JobObject } from './job-pod.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  finishedTimeMs, hasBackoffLimitPerIndex, hasTrackingFinalizer, indexFailureCountOf, isIndexedJob, isPodFailed, isSuspended, isTerminating, onlyReplaceFailedPods, validIndexOf,
} from './pod-facts.js';
import { activePodsForRemoval } from './removal.js';
import { matchSuccessPolicy } from './success-policy.js';

/** Upstream MaxPodCreateDeletePerSync. */
export const maxPodsPerSync = 500;

export interface JobSyncInput {
  readonly job: JobObject;
  /** The job's pods after adoption (adopted pods already carry the tracking finalizer). */
  readonly pods: readonly Pod[];
  readonly nowMs: number;
  /** The cache has seen the pods this controller created and deleted (ControllerExpectations). */
  readonly expectationsSatisfied: boolean;
  /** Pods whose finalizer removal was sent but not yet seen: already counted in status. */
  readonly expectedRemovals: ReadonlySet<string>;
  /** The failure backoff record from earlier syncs. */
  readonly backoff: BackoffRecord;
}

/** What to do with pods this sync. */
export type PodWork =
  | { readonly kind: 'none' }
  /** Creations held back by the failure backoff. */
  | { readonly kind: 'wait'; readonly ms: number }
  /** The job is finishing: delete its active pods, finalizers kept so they are counted. */
  | { readonly kind: 'deleteActive'; readonly pods: readonly Pod[] }
  /** Suspended, or too many running: finalizer removed first, so they do not count as failures. */
  | { readonly kind: 'delete'; readonly pods: readonly Pod[] }
  | { readonly kind: 'create'; readonly pods: readonly Pod[] };

export interface Counts {
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
}

export interface Assessment {
  readonly input: JobSyncInput;
  readonly now: string;
  /** The status being built (a copy; uncountedTerminatedPods always present). */
  readonly status: JobStatus;
  readonly uncounted: { readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> };
  readonly activePods: readonly Pod[];
  readonly counts: Counts;
  readonly prevSucceededIndexes: readonly Interval[];
  readonly succeededIndexes: readonly Interval[];
  readonly failedIndexes?: readonly Interval[];
  /** backoffLimitPerIndex: per index, the last failed pod whose finalizer stays until its replacement exists. */
  readonly delayedPerIndex: ReadonlyMap<number, Pod>;
  /** Set when the job is finishing: FailureTarget, Failed, SuccessCriteriaMet. */
  readonly finished?: JobCondition;
  readonly backoff: BackoffRecord;
  readonly work: PodWork;
  /** manageJob ran (expectations satisfied, job not being deleted): conditions about suspension may change. */
  readonly managed: boolean;
  readonly requeueAfterMs?: number;
}

/** What the pod writes of `work` achieved: pods created or deleted (gone already counts), and of those how many were ready. */
export interface WorkOutcome {
  readonly done: number;
  readonly doneReady: number;
}

export interface Conclusion {
  readonly assessment: Assessment;
  readonly status: JobStatus;
  readonly counts: Counts;
  readonly finished?: JobCondition;
  readonly needsUpdate: boolean;
  readonly events: readonly JobEvent[];
}

export interface JobEvent { readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string }

const failure = (r: { reason: string; message: string }, now: string): JobCondition => newCondition('FailureTarget', 'True', r.reason, r.message, now);

/** Upstream pastBackoffLimitOnFailure: container restarts of running and pending pods reach backoffLimit (any, when it is 0). */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** A failed, not yet counted pod matching a FailJob rule of the podFailurePolicy: its message. */
function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p);
    if (m.message) return m.message;
  }
  return undefined;
}

/** Pods with the finalizer, not yet counted, with a valid index for Indexed Jobs (upstream getValidPodsWithFilter). */
function newlyFinished(input: JobSyncInput, uncounted: ReadonlySet<string>, filter: (p: Pod) => boolean): Pod[] {
  const indexed = isIndexedJob(input.job);
  return input.pods.filter((p) => {
    const uid = p.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || input.expectedRemovals.has(uid)) return false;
    if (indexed && validIndexOf(p, input.job) === undefined) return false;
    return filter(p);
  });
}

/** An index fails (backoffLimitPerIndex): a FailIndex rule matched, or its counted failures reached the limit. */
function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const m = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (m.action === 'FailIndex') return true;
  return m.countFailed && indexFailureCountOf(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

function failedIndexesOf(input: JobSyncInput, completions: number): Interval[] {
  const prev = parseIndexes(input.job.status?.failedIndexes ?? undefined, completions);
  const added: number[] = [];
  for (const p of input.pods) {
    const ix = validIndexOf(p, input.job);
    if (ix !== undefined && hasTrackingFinalizer(p) && !input.expectedRemovals.has(p.metadata?.uid ?? '') && isIndexFailed(input.job, p)) added.push(ix);
  }
  return withIndexes(prev, added);
}

/** Per index still to run, the last failed pod (kept with its finalizer until the replacement carries its counts). */
function delayedDeletions(input: JobSyncInput, succeeded: readonly Interval[], failed: readonly Interval[]): Map<number, Pod> {
  const out = new Map<number, Pod>();
  const activeIndexes = new Set(input.pods.filter(isPodActive).map((p) => validIndexOf(p, input.job)));
  for (const p of input.pods) {
    if (!isPodFailed(p, input.job) || !hasTrackingFinalizer(p) || input.expectedRemovals.has(p.metadata?.uid ?? '')) continue;
    const ix = validIndexOf(p, input.job);
    if (ix === undefined || hasIndex(succeeded, ix) || hasIndex(failed, ix) || activeIndexes.has(ix)) continue;
    const last = out.get(ix);
    if (!last || finishedTimeMs(last) <= finishedTimeMs(p)) out.set(ix, p);
  }
  return out;
}

/**
 * Whether the job is finishing before pods are managed (upstream syncJob's order): a SuccessCriteriaMet or
 * FailureTarget already recorded, a FailJob rule, the backoff limit, the deadline (and when it falls due).
 */
function finishingCondition(input: JobSyncInput, status: JobStatus, failedCount: number, now: string): { finished?: JobCondition; requeueAfterMs?: number } {
  const { job, pods, nowMs } = input;
  const spec = job.spec ?? { template: {} };
  const met = findCondition(status.conditions, 'SuccessCriteriaMet');
  if (met?.status === 'True') return { finished: met };
  const target = findCondition(status.conditions, 'FailureTarget');
  if (target?.status === 'True') return { finished: newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now) };
  const policyMessage = failJobMessage(job, pods);
  if (policyMessage) return { finished: failure({ reason: reasons.podFailurePolicy, message: policyMessage }, now) };
  if (failedCount > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) return { finished: failure(reasons.backoffLimitExceeded, now) };
  const deadline = spec.activeDeadlineSeconds;
  const started = Date.parse(status.startTime ?? '');
  if (deadline == null || !Number.isFinite(started) || isSuspended(job)) return {};
  const left = started + deadline * 1000 - nowMs;
  return left <= 0 ? { finished: failure(reasons.deadlineExceeded, now) } : { requeueAfterMs: left };
}

interface IndexedState {
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  failedIndexes?: Interval[];
  delayedPerIndex: Map<number, Pod>;
  /** A failure over the failed indexes, or success by successPolicy, when nothing finished the job before. */
  finished?: JobCondition;
}

/** Indexed Jobs: completed and failed indexes, per-index backoff bookkeeping, and the conditions they cause. */
function indexedState(input: JobSyncInput, status: JobStatus, alreadyFinished: boolean, now: string): IndexedState {
  const { job, pods } = input;
  const spec = job.spec ?? { template: {} };
  const completions = spec.completions ?? 0;
  const prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
  const newIx = pods.filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p)).map((p) => validIndexOf(p, job)).filter((i): i is number => i !== undefined);
  const succeededIndexes = withIndexes(prevSucceededIndexes, newIx);
  const out: IndexedState = { prevSucceededIndexes, succeededIndexes, delayedPerIndex: new Map() };
  let finished: JobCondition | undefined;
  if (hasBackoffLimitPerIndex(job)) {
    const failedIndexes = failedIndexesOf(input, completions);
    const nFailed = totalIndexes(failedIndexes);
    if (!alreadyFinished) {
      if (spec.maxFailedIndexes != null && nFailed > spec.maxFailedIndexes) finished = failure(reasons.maxFailedIndexesExceeded, now);
      else if (nFailed > 0 && nFailed + totalIndexes(succeededIndexes) >= completions) finished = failure(reasons.failedIndexes, now);
    }
    out.failedIndexes = failedIndexes;
    out.delayedPerIndex = delayedDeletions(input, succeededIndexes, failedIndexes);
  }
  if (!alreadyFinished && !finished) {
    const message = matchSuccessPolicy(spec.successPolicy, completions, succeededIndexes);
    if (message) finished = newCondition('SuccessCriteriaMet', 'True', reasons.successPolicy, message, now);
  }
  return finished ? { ...out, finished } : out;
}

export function assessJob(input: JobSyncInput): Assessment {
  const { job, pods, nowMs } = input;
  const now = rfc3339(new Date(nowMs));
  const status: JobStatus = structuredClone(job.status ?? {});
  status.uncountedTerminatedPods ??= {};
  const uncounted = { succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods.failed ?? []) };
  const activePods = pods.filter(isPodActive);
  const newSucceeded = newlyFinished(input, uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newlyFinished(input, uncounted.failed, (p) => isPodFailed(p, job));
  const counted = newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length;
  const counts: Counts = {
    active: activePods.length, ready: activePods.filter(isPodReady).length, terminating: pods.filter(isTerminating).length,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
    failed: (status.failed ?? 0) + counted + uncounted.failed.size,
  };
  if (!status.startTime && !isSuspended(job)) status.startTime = now;
  const backoff = nextBackoffRecord(input.backoff, newSucceeded, newFailed);
  const early = finishingCondition(input, status, counts.failed, now);
  let finished = early.finished;
  const indexed = isIndexedJob(job) ? indexedState(input, status, finished !== undefined, now) : { prevSucceededIndexes: [], succeededIndexes: [], delayedPerIndex: new Map<number, Pod>() };
  if (isIndexedJob(job)) counts.succeeded = totalIndexes(indexed.succeededIndexes);
  finished ??= indexed.finished;
  const { prevSucceededIndexes, succeededIndexes, delayedPerIndex } = indexed;
  const failedIndexes = 'failedIndexes' in indexed ? indexed.failedIndexes : undefined;
  const base = { input, now, status, uncounted, activePods, counts, prevSucceededIndexes, succeededIndexes, ...(failedIndexes ? { failedIndexes } : {}), delayedPerIndex, backoff };
  const requeueAfterMs = early.requeueAfterMs;
  if (finished) return { ...base, finished, work: { kind: 'deleteActive', pods: activePods }, managed: false, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  if (!input.expectationsSatisfied || job.metadata.deletionTimestamp) return { ...base, work: { kind: 'none' }, managed: false, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  const work = manage({ ...base, counts });
  const waitMs = work.kind === 'wait' ? Math.max(work.ms, 1000) : undefined;
  const requeue = [requeueAfterMs, waitMs].filter((x): x is number => x !== undefined);
  return { ...base, work, managed: true, ...(requeue.length ? { requeueAfterMs: Math.min(...requeue) } : {}) };
}

type ManageInput = Pick<Assessment, 'input' | 'activePods' | 'counts' | 'succeededIndexes' | 'failedIndexes' | 'delayedPerIndex' | 'backoff' | 'now'>;

/** upstream manageJob: delete all when suspended, else delete the excess or create what is missing (backoff permitting). */
function manage(a: ManageInput): PodWork {
  const { job, nowMs, pods } = a.input;
  const spec = job.spec ?? { template: {} };
  const active = a.activePods.length;
  if (isSuspended(job)) return active ? { kind: 'delete', pods: activePodsForRemoval(job, a.activePods, active).slice(0, maxPodsPerSync) } : { kind: 'none' };
  const parallelism = spec.parallelism ?? 1;
  const want = spec.completions == null
    ? (a.counts.succeeded > 0 ? active : parallelism)
    : Math.max(0, Math.min(spec.completions - a.counts.succeeded, parallelism));
  const excess = activePodsForRemoval(job, a.activePods, Math.max(0, active - want));
  if (excess.length) return { kind: 'delete', pods: excess.slice(0, maxPodsPerSync) };
  const terminating = onlyReplaceFailedPods(job) ? a.counts.terminating : 0;
  let diff = Math.min(want - terminating - active, maxPodsPerSync);
  if (diff <= 0) return { kind: 'none' };
  if (!hasBackoffLimitPerIndex(job)) {
    const wait = remainingBackoffMs(a.backoff.failuresAfterLastSuccess, a.backoff.lastFailureMs, nowMs);
    if (wait > 0) return { kind: 'wait', ms: wait };
  }
  if (!isIndexedJob(job)) return { kind: 'create', pods: Array.from({ length: diff }, () => jobPod(job)) };
  const completions = spec.completions ?? 0;
  let taken = withIndexes(a.succeededIndexes, a.activePods.map((p) => validIndexOf(p, job)).filter((i): i is number => i !== undefined));
  if (a.failedIndexes) taken = mergeIntervals(taken, a.failedIndexes);
  if (onlyReplaceFailedPods(job)) taken = withIndexes(taken, pods.filter(isTerminating).map((p) => validIndexOf(p, job)).filter((i): i is number => i !== undefined));
  let indexes = firstPendingIndexes(taken, diff, completions);
  if (hasBackoffLimitPerIndex(job)) {
    const waits = indexes.map((ix) => remainingIndexBackoffMs(a.delayedPerIndex.get(ix), nowMs));
    const ready = indexes.filter((_, i) => waits[i] === 0);
    if (ready.length === 0 && indexes.length) return { kind: 'wait', ms: Math.min(...waits) };
    indexes = ready;
  }
  diff = indexes.length;
  return diff ? { kind: 'create', pods: indexes.map((ix) => jobPod(job, ix, a.delayedPerIndex.get(ix))) } : { kind: 'none' };
}

/** The counters, completion and suspension after the pod writes (upstream syncJob after manageJob). */
export function concludeJob(a: Assessment, outcome: WorkOutcome): Conclusion {
  const { job } = a.input;
  const counts = { ...a.counts };
  let status: JobStatus = a.status;
  let finished = a.finished;
  const events: JobEvent[] = [];
  let suspendChanged = false;
  switch (a.work.kind) {
    case 'deleteActive':
      // Not finished while a deletion failed or the cache may lack pods this controller created.
      if (outcome.done !== a.activePods.length || !a.input.expectationsSatisfied) finished = undefined;
      counts.active -= outcome.done;
      counts.terminating += outcome.done;
      counts.ready -= outcome.doneReady;
      break;
    case 'delete':
      counts.active -= outcome.done;
      counts.terminating += outcome.done;
      counts.ready -= outcome.doneReady;
      break;
    case 'create':
      counts.active += outcome.done;
      break;
    case 'none':
    case 'wait':
      break;
    default: {
      const never: never = a.work;
      return never;
    }
  }
  if (!a.finished) {
    const completions = job.spec?.completions;
    const complete = completions == null ? counts.succeeded > 0 && counts.active === 0 : counts.succeeded >= completions && counts.active === 0;
    if (complete) finished = newCondition('SuccessCriteriaMet', 'True', reasons.completionsReached.reason, reasons.completionsReached.message, a.now);
    else if (a.managed) {
      const suspended = isSuspended(job);
      const want = suspended
        ? { type: 'Suspended' as const, status: 'True' as const, reason: 'JobSuspended', message: 'Job suspended' }
        : { type: 'Suspended' as const, status: 'False' as const, reason: 'JobResumed', message: 'Job resumed' };
      const r = ensureCondition(status.conditions ?? [], want, a.now);
      if (r.changed) {
        suspendChanged = true;
        status = { ...status, conditions: r.conditions };
        events.push(suspended ? { type: 'Normal', reason: 'Suspended', message: 'Job suspended' } : { type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
        // activeDeadlineSeconds counts the time a Job is continuously active: resuming restarts the clock.
        if (!suspended) status = { ...status, startTime: a.now };
      }
    }
  }
  const prev = job.status ?? {};
  const needsUpdate = suspendChanged || counts.active !== (prev.active ?? 0) || counts.ready !== prev.ready || counts.terminating !== prev.terminating || status.startTime !== prev.startTime;
  status = { ...status, active: counts.active, ready: counts.ready, terminating: counts.terminating };
  return { assessment: a, status, counts, ...(finished ? { finished } : {}), needsUpdate, events };
}
