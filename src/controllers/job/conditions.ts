// Job conditions as upstream writes them: the interim FailureTarget and SuccessCriteriaMet, the terminal
// Failed and Complete (after every pod has terminated), Suspended; reasons and messages clients match on. Pure.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';

export type ConditionType = 'Complete' | 'Failed' | 'FailureTarget' | 'SuccessCriteriaMet' | 'Suspended';

/** Upstream reasons (batch/v1 JobReason*) and their messages. */
export const reasons = {
  backoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  maxFailedIndexesExceeded: { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' },
  failedIndexes: { reason: 'FailedIndexes', message: 'Job has failed indexes' },
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  podFailurePolicy: 'PodFailurePolicy',
  successPolicy: 'SuccessPolicy',
} as const;

export function newCondition(type: ConditionType, status: 'True' | 'False', reason: string, message: string, now: string): JobCondition {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

export const findCondition = (list: readonly JobCondition[] | undefined, type: ConditionType): JobCondition | undefined => (list ?? []).find((c) => c.type === type);

const isTrue = (job: Job, type: ConditionType): boolean => findCondition(job.status?.conditions, type)?.status === 'True';

/** Finished: Complete or Failed is True (upstream IsJobFinished). */
export const isJobFinished = (job: Job): boolean => isTrue(job, 'Complete') || isTrue(job, 'Failed');

/**
 * upstream ensureJobConditionStatus: sets the condition (a new transition time when it changes); a False
 * condition is only written over an existing one. Returns the new list and whether it changed; never mutates.
 */
export function ensureCondition(list: readonly JobCondition[], want: { type: ConditionType; status: 'True' | 'False'; reason: string; message: string }, now: string): { conditions: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === want.type);
  const c = list[i];
  if (c) {
    if (c.status === want.status && (c.reason ?? '') === want.reason && (c.message ?? '') === want.message) return { conditions: [...list], changed: false };
    const out = [...list];
    out[i] = newCondition(want.type, want.status, want.reason, want.message, now);
    return { conditions: out, changed: true };
  }
  if (want.status === 'False') return { conditions: [...list], changed: false };
  return { conditions: [...list, newCondition(want.type, want.status, want.reason, want.message, now)], changed: true };
}
