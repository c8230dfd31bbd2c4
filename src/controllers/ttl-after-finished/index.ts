// The TTL-after-finished controller (upstream ttlafterfinished): a finished Job with ttlSecondsAfterFinished
// is deleted (Foreground, so its pods go first) once the TTL has passed since it finished. The decision is
// taken again on a fresh read, so a TTL raised meanwhile is honoured.
import type { Job } from 'kubernetes-types/batch/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { controllerFor, type ControllerContext, type ReconcileResult } from '../../client/index.js';
import { msUntilExpiry } from './expiry.js';

const jobsR = lookupResource('batch', 'v1', 'jobs')!;

export function startTtlAfterFinishedController(ctx: ControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  // Jobs with a TTL, on every add and update (a deleted Job has nothing left to do).
  const b = controllerFor<Job>(ctx, jobsR, { name: 'ttl-after-finished', kind: 'Job', delayOf: (c) => (c.type !== 'delete' && c.obj.spec?.ttlSecondsAfterFinished != null ? 0 : undefined) });
  const jobs = b.primary;
  return b.complete({
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      const cached = jobs.get(key);
      if (!cached) return undefined;
      const left = msUntilExpiry(cached, clock.nowMs());
      if (left === undefined) return undefined;
      if (left > 0) return { requeueAfterMs: left };
      const [namespace, name] = key.split('/') as [string, string];
      // The cache may lag a TTL change: decide on the live object, and delete exactly that version.
      const fresh = await client.get<Job>(jobsR, namespace, name).catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
      if (!fresh || fresh.metadata?.uid !== cached.metadata?.uid) return undefined;
      const freshLeft = msUntilExpiry(fresh, clock.nowMs());
      if (freshLeft === undefined) return undefined;
      if (freshLeft > 0) return { requeueAfterMs: freshLeft };
      ctx.logger.info('deleting a finished job after its TTL', { job: key });
      try {
        await client.delete(jobsR, namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata?.uid ?? '' } });
      } catch (e: unknown) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
      return undefined;
      },
  }, { workers: 2 });
}
