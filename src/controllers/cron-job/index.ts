// The CronJob controller shell: informers on CronJobs and Jobs, Jobs indexed by their controlling CronJob's
// uid, a sync per CronJob (sync.ts) against the cache, the status written when it changed, and a requeue for
// 100 ms after the next scheduled time. Schedules without spec.timeZone are read in UTC, Skiff's "local" zone.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { lookupResource, semanticEqual } from '../../api/index.js';
import {
  controllerFor, writeStatus,
  type Client, type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import { syncCronJob, type JobControl } from './sync.js';

const cronJobsR = lookupResource('batch', 'v1', 'cronjobs')!;
const jobsR = lookupResource('batch', 'v1', 'jobs')!;

/** JobControl on the API: live reads, creations, Background deletions. */
function apiJobControl(client: Client): JobControl {
  return {
    getJob: (namespace, name) => client.get<Job>(jobsR, namespace, name),
    createJob: (namespace, job) => client.create(jobsR, namespace, job),
    deleteJob: async (namespace, name) => { await client.delete(jobsR, namespace, name, { propagationPolicy: 'Background' }); },
    getCronJob: (namespace, name) => client.get<CronJob>(cronJobsR, namespace, name),
  };
}

export interface CronJobControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

type CachedCronJob = CronJob & { metadata: { name: string; namespace: string; uid: string } };

export function startCronJobController(ctx: CronJobControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const b = controllerFor<CachedCronJob>(ctx, cronJobsR, { name: 'cronjob', kind: 'CronJob' });
  const cronJobs = b.primary;
  // A Job wakes the CronJob controlling it when that one is in the cache with the reference's uid.
  const jobs = b.owns<Job>(jobsR, { resolveUid: true });
  const control = apiJobControl(client);

  // Any change may move the next time (schedule, timeZone, suspend): sync now, the sync requeues for later.
  return b.complete({
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      const cached = cronJobs.get(key);
      if (!cached) return undefined;
      const cronJob: CachedCronJob = { ...cached, apiVersion: 'batch/v1', kind: 'CronJob' };
      const result = await syncCronJob(cronJob, jobs.index.owned(cronJob.metadata.uid), { control, recorder: ctx.recorder, nowMs: clock.nowMs() });
      const synced = result.cronJob as CachedCronJob;
      const base = result.base.status ?? {};
      if (!semanticEqual(base, synced.status ?? {})) {
        // A conflict means our copy was behind: write only onto the status this sync started from.
        await writeStatus(client, cronJobsR, synced, synced.status ?? {}, (fresh) => fresh.metadata.uid === synced.metadata.uid && semanticEqual(fresh.status ?? {}, base));
      }
      if (result.error !== undefined) throw result.error;
      return result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
    },
  }, { workers: ctx.workers ?? 2 });
}
