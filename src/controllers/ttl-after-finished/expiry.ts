// When a finished Job's ttlSecondsAfterFinished runs out (upstream ttlafterfinished timeLeft): from the
// lastTransitionTime of its Complete or Failed condition. Pure.
import type { Job } from 'kubernetes-types/batch/v1.js';

/** Milliseconds until the job may be deleted (<= 0: now); undefined when it has no TTL or has not finished. */
export function msUntilExpiry(job: Job, nowMs: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl == null || job.metadata?.deletionTimestamp) return undefined;
  const finished = (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!finished) return undefined;
  const at = Date.parse(finished.lastTransitionTime ?? '');
  // A finished job without a transition time expires from now (upstream: an error, requeued; never deleted early).
  const since = Number.isFinite(at) ? at : nowMs;
  return since + ttl * 1000 - nowMs;
}
