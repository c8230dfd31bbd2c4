// The Job controller shell (upstream job controller): informers, adoption of pods (with the tracking
// finalizer), then per job: control.ts decides, pod-control.ts writes pods, tracking.ts counts finished pods
// through status.uncountedTerminatedPods and the finalizer, and the status is written with the cached
// resourceVersion (a stale cache must conflict, never overwrite newer counts). A second queue strips the
// finalizer from pods whose Job is gone or finished.
import type { Job, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, jobTrackingFinalizer, lookupResource } from '../../api/index.js';
import {
  claimObjects, controllerFor, controllerOf, Expectations, objectKeyOf, observeExpectations,
  type Change, type ControllerContext, type EventRecorder, type OwnedObserver, type ReconcileResult,
} from '../../client/index.js';
import { DisposableStore } from '../../util/index.js';
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

/** Finalizer removals observed from the cache: the pod is gone, or shows no tracking finalizer any more. */
const observeFinalizerRemovals = (finalizers: FinalizerExpectations): OwnedObserver<Pod> => ({
  observe(c, owner) {
    const gone = c.type === 'delete' || (!hasTrackingFinalizer(c.obj) && (c.type === 'update' || c.obj.metadata?.deletionTimestamp != null));
    if (gone) finalizers.removalObserved(owner, c.obj.metadata?.uid ?? '');
  },
  forget: (owner) => finalizers.forget(owner),
});

export function startJobController(ctx: JobControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const expectations = new Expectations();
  const finalizers = new FinalizerExpectations();
  const backoffs = new Map<string, BackoffRecord>();
  const podControl = new JobPodControl({ client, recorder: ctx.recorder, expectations, finalizers, clock });

  const b = controllerFor<Job>(ctx, jobsR, {
    name: 'job', kind: 'Job', selectorOf: (j) => fromLabelSelectorObject(j.spec?.selector),
    // Status-only updates (ours, mostly) fold into one sync per batch period; spec changes sync at once.
    delayOf: (c) => (c.type === 'update' && c.obj.metadata?.generation === c.old.metadata?.generation ? syncBatchMs : 0),
  });
  const jobs = b.primary;
  const pods = b.owns<Pod>(podsR, { resolveUid: true, batchMs: syncBatchMs, observers: [observeExpectations(expectations, 'marked'), observeFinalizerRemovals(finalizers)] });

  /** A pod with the finalizer that no live Job of ours controls, or that goes while its Job is finished (upstream enqueueOrphanPod). */
  const isOrphanCandidate = (c: Change<Pod>): boolean => {
    if (!hasTrackingFinalizer(c.obj)) return false;
    const owner = b.ownerKeyOf(c.obj, true);
    const job = owner ? jobs.get(owner) : undefined;
    if (!job) return true;
    return (c.type === 'delete' || c.obj.metadata?.deletionTimestamp != null) && isJobFinished(job);
  };
  // A second queue strips the tracking finalizer from pods no live Job counts: orphans, pods of finished or deleted Jobs.
  const o = controllerFor<Pod>(ctx, podsR, { name: 'job-orphan-pod', kind: 'Pod', delayOf: (c) => (isOrphanCandidate(c) ? 0 : undefined) });
  // A finished or deleted Job's pods that still carry the finalizer lose it.
  o.watches<Job>(jobsR, (c) => (c.type === 'delete' || (c.type === 'update' && isJobFinished(c.obj))
    ? pods.index.owned(c.obj.metadata?.uid ?? '').filter(hasTrackingFinalizer).map((p) => objectKeyOf(p)) : []));
  const orphans = o.complete({
    async reconcile(key: string): Promise<void> {
      const pod = pods.informer.get(key);
      if (!pod || !hasTrackingFinalizer(pod)) return;
      const ref = controllerOf(pod);
      if (ref && (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1')) return;
      const owner = ref && b.ownerKeyOf(pod, true);
      const job = owner ? jobs.get(owner) : undefined;
      // Adopted by a live job: it keeps its finalizer until that job counts it.
      if (job && !isJobFinished(job)) return;
      await podControl.releaseOrphan(pod);
    },
  }, { workers: 2 });

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
    const owned = await claimObjects(client, jobOwner(job), pods.index, podsR, fromLabelSelectorObject(job.spec?.selector), { finalizers: [jobTrackingFinalizer] });
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

  const running = new DisposableStore();
  running.add(orphans);
  running.add(b.complete({ reconcile: sync }, { workers: ctx.workers ?? 4 }));
  return running;
}
