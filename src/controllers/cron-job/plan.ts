// The CronJob controller's decisions, pure: whether a Job is finished, which finished Jobs the history limits
// remove, the Job for a scheduled time, and what to do now (planRun: upstream syncCronJob after the child
// Jobs are reconciled). Effects and the order they happen in are sync.ts.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { cronJobScheduledTimestampAnnotation, formatRfc3339, nextCronTime, parseCronSchedule, TimeZone } from '../../api/index.js';
import { controllerRefTo, type Owner } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';
import { nextScheduleTime, nextScheduleTimeDuration, type NextTime, type ScheduleState } from './times.js';

export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type FinishedCondition = 'Complete' | 'Failed';

/** The first Complete or Failed condition that is True (upstream FinishedCondition). */
export function finishedCondition(job: Job): FinishedCondition | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

export const isJobSucceeded = (job: Job): boolean => (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

const timeMs = (t: string | undefined): number | undefined => {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** Oldest first by status.startTime, jobs that never started last, names breaking ties (upstream byJobStartTime). */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = timeMs(a.status?.startTime);
  const sb = timeMs(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) {
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return (sa ?? 0) - (sb ?? 0);
}

/** The finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit, in the order they are deleted. */
export function jobsBeyondHistory(cronJob: CronJob, jobs: readonly Job[]): Job[] {
  const beyond = (condition: FinishedCondition, limit: number | undefined): Job[] => {
    if (limit === undefined || limit === null) return [];
    const finished = jobs.filter((j) => finishedCondition(j) === condition).sort(byJobStartTime);
    return finished.slice(0, Math.max(0, finished.length - limit));
  };
  return [...beyond('Complete', cronJob.spec?.successfulJobsHistoryLimit), ...beyond('Failed', cronJob.spec?.failedJobsHistoryLimit)];
}

/** `<cronjob>-<scheduled time in Unix minutes>`: the same scheduled time always gives the same name. */
export const jobName = (cronJob: CronJob, scheduledMs: number): string => `${cronJob.metadata?.name ?? ''}-${Math.floor(scheduledMs / 60_000)}`;

/** The ObjectReference status.active holds for a Job. */
export const jobReference = (job: Job): ObjectReference => ({
  kind: 'Job', namespace: job.metadata?.namespace ?? '', name: job.metadata?.name ?? '', uid: job.metadata?.uid ?? '',
  apiVersion: 'batch/v1', resourceVersion: job.metadata?.resourceVersion ?? '',
});

const ownerOf = (cronJob: CronJob): Owner => ({
  apiVersion: 'batch/v1', kind: 'CronJob',
  metadata: { name: cronJob.metadata?.name ?? '', namespace: cronJob.metadata?.namespace ?? '', uid: cronJob.metadata?.uid ?? '' },
});

/**
 * The Job for a scheduled time: the template's labels and annotations, the scheduled-timestamp annotation in
 * the CronJob's zone, a controller reference to the CronJob, the template's spec.
 */
export function jobFromTemplate(cronJob: CronJob, scheduledMs: number, zone: TimeZone): Job {
  const template = cronJob.spec?.jobTemplate;
  const labels = { ...template?.metadata?.labels };
  const annotations = { ...template?.metadata?.annotations, [cronJobScheduledTimestampAnnotation]: formatRfc3339(scheduledMs, zone) };
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name: jobName(cronJob, scheduledMs), namespace: cronJob.metadata?.namespace ?? '',
      ...(Object.keys(labels).length ? { labels } : {}), annotations,
      ownerReferences: [controllerRefTo(ownerOf(cronJob))],
    },
    spec: structuredClone(template?.spec ?? { template: {} }),
  };
}

export function scheduleStateOf(cronJob: CronJob): ScheduleState {
  return {
    creationMs: timeMs(cronJob.metadata?.creationTimestamp) ?? 0,
    lastScheduleMs: timeMs(cronJob.status?.lastScheduleTime),
    startingDeadlineSeconds: cronJob.spec?.startingDeadlineSeconds ?? undefined,
  };
}

/** RFC 1123 with a numeric zone, in UTC, as Go formats time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 +0000"). */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** What to do once the child Jobs are reconciled. */
export type RunDecision =
  /** Nothing until the CronJob changes: a bad time zone or schedule, or suspended. */
  | { action: 'stop'; events: PlannedEvent[] }
  /** Nothing due now; look again after requeueAfterMs (undefined: never fires again). */
  | { action: 'wait'; events: PlannedEvent[]; requeueAfterMs?: number }
  /** Start the Job for scheduledMs, first deleting the active Jobs in `replace` (concurrencyPolicy Replace). */
  | { action: 'start'; events: PlannedEvent[]; scheduledMs: number; job: Job; replace: ObjectReference[]; requeueAfterMs?: number };

const forbidMessage = 'Not starting job because prior execution is running and concurrency policy is Forbid';

/** Upstream syncCronJob from the time-zone check on. The CronJob's status is as reconciled; not mutated. */
export function planRun(cronJob: CronJob, nowMs: number): RunDecision {
  const spec = cronJob.spec;
  const timeZone = spec?.timeZone;
  let zone = TimeZone.utc;
  if (timeZone !== undefined && timeZone !== null) {
    try {
      zone = TimeZone.load(timeZone);
    } catch (e: unknown) {
      return { action: 'stop', events: [{ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: ${JSON.stringify(timeZone)}: ${errorMessage(e)}` }] };
    }
  }
  if (spec?.suspend === true) return { action: 'stop', events: [] };
  const scheduleText = spec?.schedule ?? '';
  let next: NextTime;
  try {
    const schedule = parseCronSchedule(scheduleText);
    next = (afterMs) => nextCronTime(schedule, afterMs, zone);
  } catch (e: unknown) {
    return { action: 'stop', events: [{ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(scheduleText)} : ${errorMessage(e)}` }] };
  }
  const state = scheduleStateOf(cronJob);
  const due = nextScheduleTime(state, nowMs, next);
  if ('error' in due) return { action: 'stop', events: [{ type: 'Warning', reason: 'InvalidSchedule', message: `invalid schedule: ${scheduleText} : ${due.error}` }] };
  const events: PlannedEvent[] = due.tooManyMissed
    ? [{ type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew' }]
    : [];
  const wait = (more: PlannedEvent[] = []): RunDecision => {
    const requeueAfterMs = nextScheduleTimeDuration(state, nowMs, next);
    return { action: 'wait', events: [...events, ...more], ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  };
  const scheduledMs = due.scheduledMs;
  if (scheduledMs === undefined) return wait();
  const deadline = spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduledMs + deadline * 1000 < nowMs) {
    return wait([{ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(scheduledMs)}` }]);
  }
  const active = cronJob.status?.active ?? [];
  const name = jobName(cronJob, scheduledMs);
  if (active.some((r) => r.name === name && r.namespace === cronJob.metadata?.namespace) || state.lastScheduleMs === scheduledMs) return wait();
  const policy = spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) return wait([{ type: 'Normal', reason: 'JobAlreadyActive', message: forbidMessage }]);
  // The look after a start: from the time just started, as if status.lastScheduleTime were already written.
  const requeueAfterMs = nextScheduleTimeDuration({ ...state, lastScheduleMs: scheduledMs }, nowMs, next);
  return {
    action: 'start', events, scheduledMs, job: jobFromTemplate(cronJob, scheduledMs, zone), replace: policy === 'Replace' ? [...active] : [],
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}
