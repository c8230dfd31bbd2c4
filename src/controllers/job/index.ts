// The Job controller shell (upstream job controller): informers, adoption of pods (with the tracking
// finalizer), then per job: control.ts decides, pod-control.ts writes pods, tracking.ts counts finished pods
// through status.uncountedTerminatedPods and the finalizer, and the status is written with the cached
// resourceVersion (a stale cache must conflict, never overwrite newer counts). A second queue strips the
// finalizer from pods whose Job is gone or finished.
import type { Job, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, jobTrackingFinalizer, lookupResource } from '../../api/index.js';
import {
  adoptersOf, claimObjects, Controller, controllerOf, Expectations, objectKeyOf, OwnerIndex, startWhenSynced,
  type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import { assessJob, concludeJob } from './control.js';
import { noBackoff, type BackoffRecord } from './backoff.js';
import { isJobFinished } from './conditions.js';
import { FinalizerExpectations } from './finalizer-expectations.js';
import { jobOwner, type JobObject } from './job-pod.js';
import { hasTrackingFinalizer } from './pod-facts.js';
import { JobPodControl } from './pod-control.js';
import { settleJob, trackJob } from './tracking.js';

const jobsR = lookupResource('batch', 'v1', 'jobs')!;
const podsR = lookupResource('', 'v1', 'pods')!;

/** Upstream syncJobBatchPeriod: pod events and status-only job updates are folded into one sync per second. */
export const syncBatchMs = 1000;

export interface JobControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

/** Status as upstream serializes it: active/succeeded/failed omitted at zero, an empty completedIndexes omitted. */
function wireStatus(s: JobStatus): JobStatus {
  const out: JobStatus = { ...s };
  for (const k of ['active', 'succeeded', 'failed'] as const) if (!out[k]) delete out[k];
  if (!out.completedIndexes) delete out.completedIndexes;
  if (out.conditions?.length === 0) delete out.conditions;
  return out;
}

export function startJobController(ctx: JobControllerContext): AsyncDisposable {
  const { client, clock, logger } = ctx;
  const jobs = ctx.informers.informerFor<Job>(jobsR);
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const index = new OwnerIndex<Pod>('Job');
  const expectations = new Expectations();
  const finalizers = new FinalizerExpectations();
  const backoffs = new Map<string, BackoffRecord>();
  const podControl = new JobPodControl({ client, recorder: ctx.recorder, expectations, finalizers, clock });

  /** The job the pod's controller reference names (same uid), if it is one we have. */
  const jobOf = (p: Pod): { key: string; job: Job } | undefined => {
    const ref = controllerOf(p);
    if (ref?.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return undefined;
    const key = `${p.metadata?.namespace}/${ref.name}`;
    const job = jobs.get(key);
    return job?.metadata?.uid === ref.uid ? { key, job } : undefined;
  };

  // The controllers exist before any handler: an informer that has synced already replays its items at once.
  const controller = new Controller({
    name: 'job', workers: ctx.workers ?? 4, clock, logger,
    reconciler: { reconcile: (key) => sync(key) },
  });
  const orphans = new Controller({
    name: 'job-orphan-pod', workers: 2, clock, logger,
    reconciler: {
      async reconcile(key: string): Promise<void> {
        const pod = pods.get(key);
        if (!pod || !hasTrackingFinalizer(pod)) return;
        const ref = controllerOf(pod);
        if (ref && (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1')) return;
        const owner = jobOf(pod);
        // Adopted by a live job: it keeps its finalizer until that job counts it.
        if (ref && owner && !isJobFinished(owner.job)) return;
        await podControl.releaseOrphan(pod);
      },
    },
  });
  const enqueueOrphan = (p: Pod): void => { if (hasTrackingFinalizer(p)) orphans.enqueue(objectKeyOf(p)); };
  const batched = (key: string): void => controller.queue.addAfter(key, syncBatchMs);
  const enqueueAdopters = (p: Pod): void => {
    for (const key of adoptersOf(p, jobs.list(), (j) => fromLabelSelectorObject(j.spec?.selector))) batched(key);
  };

  /** A pod went, or is going (deletionTimestamp): upstream deletePod. */
  const onPodDeleted = (p: Pod, final: boolean): void => {
    const owner = jobOf(p);
    if (!controllerOf(p) || !owner || isJobFinished(owner.job)) { enqueueOrphan(p); return; }
    expectations.deletionObserved(owner.key, objectKeyOf(p));
    if (final || !hasTrackingFinalizer(p)) finalizers.removalObserved(owner.key, p.metadata?.uid ?? '');
    batched(owner.key);
  };
  pods.addHandlers({
    onAdd: (p) => {
      index.add(p);
      if (p.metadata?.deletionTimestamp) { onPodDeleted(p, false); return; }
      if (controllerOf(p)) {
        const owner = jobOf(p);
        if (owner) { expectations.creationObserved(owner.key); batched(owner.key); } else enqueueOrphan(p);
        return;
      }
      enqueueOrphan(p);
      enqueueAdopters(p);
    },
    onUpdate: (p, old) => {
      index.remove(old);
      index.add(p);
      if (p.metadata?.deletionTimestamp) { onPodDeleted(p, false); return; }
      const removed = !hasTrackingFinalizer(p);
      const before = jobOf(old);
      if (before && controllerOf(old)?.uid !== controllerOf(p)?.uid) {
        if (removed) finalizers.removalObserved(before.key, p.metadata?.uid ?? '');
        batched(before.key);
      }
      if (controllerOf(p)) {
        const owner = jobOf(p);
        if (!owner) { enqueueOrphan(p); return; }
        if (removed) finalizers.removalObserved(owner.key, p.metadata?.uid ?? '');
        batched(owner.key);
        return;
      }
      enqueueOrphan(p);
      enqueueAdopters(p);
    },
    onDelete: (p) => { index.remove(p); onPodDeleted(p, true); },
  });
  /** A finished or deleted job's pods that still carry the finalizer lose it. */
  const cleanupFinalizers = (j: Job): void => {
    for (const p of index.owned(j.metadata?.uid ?? '')) enqueueOrphan(p);
  };
  jobs.addHandlers({
    onAdd: (j) => controller.enqueue(objectKeyOf(j)),
    onUpdate: (j, old) => {
      if (j.metadata?.generation !== old.metadata?.generation) controller.enqueue(objectKeyOf(j));
      else batched(objectKeyOf(j));
      if (isJobFinished(j)) cleanupFinalizers(j);
    },
    onDelete: (j) => { controller.enqueue(objectKeyOf(j)); cleanupFinalizers(j); },
  });

  async function writeStatus(job: JobObject, status: JobStatus): Promise<JobObject> {
    return await client.update(jobsR, { ...job, status: wireStatus(status) }, 'status') as JobObject;
  }

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const cached = jobs.get(key);
    if (!cached) {
      expectations.forget(key);
      finalizers.forget(key);
      backoffs.delete(key);
      return undefined;
    }
    if (isJobFinished(cached)) { backoffs.delete(key); return undefined; }
    const job = { ...cached, apiVersion: 'batch/v1', kind: 'Job' } as JobObject;
    // Expectations are read before the pods, so a pod that arrives meanwhile cannot make a stale count look complete.
    const satisfied = expectations.satisfied(key, clock.nowMs());
    const owned = await claimObjects(client, jobOwner(job), index, podsR, fromLabelSelectorObject(job.spec?.selector), { finalizers: [jobTrackingFinalizer] });
    const a = assessJob({ job, pods: owned, nowMs: clock.nowMs(), expectationsSatisfied: satisfied, expectedRemovals: finalizers.expected(key), backoff: backoffs.get(key) ?? noBackoff });
    const executed = await podControl.execute(job, key, a.work);
    const c = concludeJob(a, executed);
    for (const e of c.events) ctx.recorder.event(job, e.type, e.reason, e.message);
    const t = trackJob(c);
    let current = job;
    if (t.needsFlush) {
      current = await writeStatus(current, t.status);
      backoffs.set(key, a.backoff);
    }
    const removal = await podControl.removeFinalizers(key, t.removeFinalizers);
    const s = settleJob(t, removal.removed, removal.error !== undefined);
    if (s.needsWrite) await writeStatus(current, s.status);
    for (const e of s.events) ctx.recorder.event(job, e.type, e.reason, e.message);
    if (s.finished) backoffs.delete(key);
    if (removal.error !== undefined) throw removal.error;
    if (executed.error !== undefined) throw executed.error;
    return a.requeueAfterMs !== undefined ? { requeueAfterMs: a.requeueAfterMs } : undefined;
  }

  return startWhenSynced([jobs, pods], [controller, orphans]);
}
