// State-in/state-out tables for syncCronJob(): a CronJob and its Jobs before, at a given time, with injected
// API failures; after: the status, the Jobs, the Events, the requeue. Rows cover creation (names, template,
// annotation), a restart half-way (no double creation), Forbid/Replace/Allow, suspend, startingDeadlineSeconds,
// too many missed times, child tracking, history limits, manual Jobs, errors and bad schedules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1.js';
import { ApiError, forbidden } from '../../api/index.js';
import { FakeEventRecorder } from '../../client/fake/index.js';
import { FakeJobControl, type Verb } from './testing.js';
import { syncCronJob, type SyncResult } from './sync.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const minutesOf = (iso: string): number => Math.floor(Date.parse(iso) / 60_000);
/** The job name of a scheduled time: hello-<Unix minutes>. */
const nameAt = (iso: string, cronJob = 'hello'): string => `${cronJob}-${minutesOf(iso)}`;
const UID = 'cj-uid';

interface CronJobOptions {
  schedule?: string; timeZone?: string; suspend?: boolean; policy?: 'Allow' | 'Forbid' | 'Replace'; startingDeadlineSeconds?: number;
  successLimit?: number; failedLimit?: number; deleting?: boolean; status?: CronJobStatus;
}
const template = {
  metadata: { labels: { app: 'hello' }, annotations: { team: 'a' } },
  spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox', command: ['date'] }], restartPolicy: 'OnFailure' } } },
};
function cronJob(o: CronJobOptions = {}): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: UID, resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z', ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:04:00Z' } : {}) },
    spec: {
      schedule: o.schedule ?? '*/5 * * * *', ...(o.timeZone ? { timeZone: o.timeZone } : {}), concurrencyPolicy: o.policy ?? 'Allow', suspend: o.suspend ?? false,
      successfulJobsHistoryLimit: o.successLimit ?? 3, failedJobsHistoryLimit: o.failedLimit ?? 1,
      ...(o.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: o.startingDeadlineSeconds } : {}),
      jobTemplate: template,
    },
    ...(o.status ? { status: o.status } : {}),
  };
}
const ref = (name: string) => ({ kind: 'Job', namespace: 'default', name, uid: `uid-${name}`, apiVersion: 'batch/v1', resourceVersion: '1' });

interface JobOptions { start?: string; done?: 'Complete' | 'Failed'; at?: string; owner?: string | null; manual?: boolean }
function job(name: string, o: JobOptions = {}): Job {
  const at = o.at ?? o.start ?? '2024-01-01T00:00:00Z';
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1',
      ...(o.owner !== null ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: o.owner ?? UID, controller: true, ...(o.manual ? {} : { blockOwnerDeletion: true }) }] } : {}),
      ...(o.manual ? { annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' } } : {}),
    },
    spec: structuredClone(template.spec),
    status: {
      ...(o.start ? { startTime: o.start } : {}),
      ...(o.done ? { conditions: [{ type: o.done, status: 'True' }] } : {}),
      ...(o.done === 'Complete' ? { completionTime: at } : {}),
    },
  };
}

interface Row {
  name: string;
  cronJob: CronJob;
  /** Jobs the API holds; `cached` (default: all the CronJob controls) is what the informer has. */
  jobs?: Job[];
  cached?: string[];
  /** The API's CronJob when the cache is behind. */
  live?: CronJob;
  now: string;
  fail?: { verb: Verb; error: unknown }[];
  want: {
    status: CronJobStatus;
    /** Names of the Jobs the API holds afterwards. */
    jobs: string[];
    events: string[];
    requeueAfterMs?: number;
    error?: string;
    /** The create/delete calls made. */
    writes?: string[];
  };
}

const quota = forbidden({ group: 'batch', resource: 'jobs' }, 'x', 'exceeded quota: jobs');
const terminating = new ApiError(403, 'Forbidden', 'jobs "x" is forbidden: unable to create new content in namespace default because it is being terminated',
  { name: 'x', kind: 'jobs', causes: [{ reason: 'NamespaceTerminating', message: 'namespace default is being terminated', field: 'metadata.namespace' }] });

const rows: Row[] = [
  {
    name: 'creates nothing before the first scheduled time; looks again 100 ms after it',
    cronJob: cronJob(), now: '2024-01-01T00:04:00Z',
    want: { status: {}, jobs: [], events: [], requeueAfterMs: 60_100, writes: [] },
  },
  {
    name: 'creates the Job of the due time, lists it as active and records the time',
    cronJob: cronJob(), now: '2024-01-01T00:05:00.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')],
      events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:05:00Z')}`], requeueAfterMs: 300_000, writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`],
    },
  },
  {
    name: 'a restart after the creation, before the status write: the existing Job is listed, not created again',
    cronJob: cronJob(), jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:05:01Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')],
      events: [`Warning UnexpectedJob Saw a job that the controller did not create or forgot: ${nameAt('2024-01-01T00:05:00Z')}`],
      requeueAfterMs: 299_100, writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`],
    },
  },
  {
    name: 'the same restart with the Job not in the cache yet: AlreadyExists means created',
    cronJob: cronJob(), jobs: [job(nameAt('2024-01-01T00:05:00Z'))], cached: [], now: '2024-01-01T00:05:01Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')],
      events: [], requeueAfterMs: 299_100, writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`],
    },
  },
  {
    name: 'a Job by that name controlled by someone else is left alone, the status unchanged',
    cronJob: cronJob(), jobs: [job(nameAt('2024-01-01T00:05:00Z'), { owner: 'other-uid' })], now: '2024-01-01T00:05:01Z',
    want: { status: {}, jobs: [nameAt('2024-01-01T00:05:00Z')], events: [], requeueAfterMs: 299_100, writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`] },
  },
  {
    name: 'a time already processed is not started again',
    cronJob: cronJob({ status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:07:00Z',
    want: { status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')], events: [], requeueAfterMs: 180_100, writes: [] },
  },
  {
    name: 'Allow: a second Job while the first runs',
    cronJob: cronJob({ status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:10:00.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z')), ref(nameAt('2024-01-01T00:10:00Z'))], lastScheduleTime: '2024-01-01T00:10:00Z' },
      jobs: [nameAt('2024-01-01T00:05:00Z'), nameAt('2024-01-01T00:10:00Z')], events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:10:00Z')}`],
      requeueAfterMs: 300_000, writes: [`createJob ${nameAt('2024-01-01T00:10:00Z')}`],
    },
  },
  {
    name: 'Forbid: no second Job while the first runs',
    cronJob: cronJob({ policy: 'Forbid', status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:10:00.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')],
      events: ['Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid'], requeueAfterMs: 300_000, writes: [],
    },
  },
  {
    name: 'Forbid: a late start once the running Job finished (no deadline)',
    cronJob: cronJob({ policy: 'Forbid', status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'), { start: '2024-01-01T00:05:01Z', done: 'Complete', at: '2024-01-01T00:12:00Z' })], now: '2024-01-01T00:12:00Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:10:00Z'))], lastScheduleTime: '2024-01-01T00:10:00Z', lastSuccessfulTime: '2024-01-01T00:12:00Z' },
      jobs: [nameAt('2024-01-01T00:05:00Z'), nameAt('2024-01-01T00:10:00Z')],
      events: [`Normal SawCompletedJob Saw completed job: ${nameAt('2024-01-01T00:05:00Z')}, condition: Complete`, `Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:10:00Z')}`],
      requeueAfterMs: 180_100, writes: [`createJob ${nameAt('2024-01-01T00:10:00Z')}`],
    },
  },
  {
    name: 'Replace: the running Job is deleted (Background), then the new one created',
    cronJob: cronJob({ policy: 'Replace', status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:10:00.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:10:00Z'))], lastScheduleTime: '2024-01-01T00:10:00Z' }, jobs: [nameAt('2024-01-01T00:10:00Z')],
      events: [`Normal SuccessfulDelete Deleted job ${nameAt('2024-01-01T00:05:00Z')}`, `Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:10:00Z')}`],
      requeueAfterMs: 300_000, writes: [`deleteJob ${nameAt('2024-01-01T00:05:00Z')}`, `createJob ${nameAt('2024-01-01T00:10:00Z')}`],
    },
  },
  {
    name: 'Replace: a failed delete stops the replacement',
    cronJob: cronJob({ policy: 'Replace', status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:10:00.100Z', fail: [{ verb: 'deleteJob', error: quota }],
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')],
      events: ['Warning FailedDelete Deleted job: jobs.batch "x" is forbidden: exceeded quota: jobs'], error: `could not replace job default/${nameAt('2024-01-01T00:05:00Z')}`,
      writes: [`deleteJob ${nameAt('2024-01-01T00:05:00Z')}`],
    },
  },
  {
    name: 'suspend: nothing starts and nothing is requeued',
    cronJob: cronJob({ suspend: true }), now: '2024-01-01T00:05:00.100Z',
    want: { status: {}, jobs: [], events: [], writes: [] },
  },
  {
    name: 'startingDeadlineSeconds: the latest time inside the deadline still starts',
    cronJob: cronJob({ startingDeadlineSeconds: 60, status: { lastScheduleTime: '2024-01-01T00:05:00Z' } }), now: '2024-01-01T00:20:30Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:20:00Z'))], lastScheduleTime: '2024-01-01T00:20:00Z' }, jobs: [nameAt('2024-01-01T00:20:00Z')],
      events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:20:00Z')}`], requeueAfterMs: 270_100, writes: [`createJob ${nameAt('2024-01-01T00:20:00Z')}`],
    },
  },
  {
    name: 'startingDeadlineSeconds: times older than the deadline are not started (the look-back stops at the deadline)',
    cronJob: cronJob({ startingDeadlineSeconds: 10, status: { lastScheduleTime: '2024-01-01T00:05:00Z' } }), now: '2024-01-01T00:20:30Z',
    want: { status: { lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [], events: [], requeueAfterMs: 270_100, writes: [] },
  },
  {
    name: 'more than 100 missed times: a warning, and the most recent one starts',
    cronJob: cronJob(), now: '2024-01-02T00:00:30Z',
    want: {
      status: { active: [ref(nameAt('2024-01-02T00:00:00Z'))], lastScheduleTime: '2024-01-02T00:00:00Z' }, jobs: [nameAt('2024-01-02T00:00:00Z')],
      events: ['Warning TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', `Normal SuccessfulCreate Created job ${nameAt('2024-01-02T00:00:00Z')}`],
      requeueAfterMs: 270_100, writes: [`createJob ${nameAt('2024-01-02T00:00:00Z')}`],
    },
  },
  {
    name: 'startingDeadlineSeconds keeps the same catch-up quiet',
    cronJob: cronJob({ startingDeadlineSeconds: 200 }), now: '2024-01-02T00:00:30Z',
    want: {
      status: { active: [ref(nameAt('2024-01-02T00:00:00Z'))], lastScheduleTime: '2024-01-02T00:00:00Z' }, jobs: [nameAt('2024-01-02T00:00:00Z')],
      events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-02T00:00:00Z')}`], requeueAfterMs: 270_100, writes: [`createJob ${nameAt('2024-01-02T00:00:00Z')}`],
    },
  },
  {
    name: 'finished Jobs leave status.active; the latest completion is lastSuccessfulTime, listed or not',
    cronJob: cronJob({ status: { active: [ref('hello-1'), ref('hello-2')], lastScheduleTime: '2024-01-01T00:05:00Z', lastSuccessfulTime: '2024-01-01T00:01:00Z' } }),
    jobs: [
      job('hello-1', { start: '2024-01-01T00:01:00Z', done: 'Complete', at: '2024-01-01T00:02:00Z' }),
      job('hello-2', { start: '2024-01-01T00:02:00Z', done: 'Failed', at: '2024-01-01T00:04:00Z' }),
      job('hello-0', { start: '2024-01-01T00:00:00Z', done: 'Complete', at: '2024-01-01T00:03:00Z' }),
    ],
    now: '2024-01-01T00:06:00Z',
    want: {
      status: { lastScheduleTime: '2024-01-01T00:05:00Z', lastSuccessfulTime: '2024-01-01T00:03:00Z' }, jobs: ['hello-0', 'hello-1', 'hello-2'],
      events: ['Normal SawCompletedJob Saw completed job: hello-1, condition: Complete', 'Normal SawCompletedJob Saw completed job: hello-2, condition: Failed'],
      requeueAfterMs: 240_100, writes: [],
    },
  },
  {
    name: 'an active Job the API no longer has goes (MissingJob); one only the cache lacks stays',
    cronJob: cronJob({ status: { active: [ref('hello-1'), ref('hello-2')], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job('hello-2')], cached: [], now: '2024-01-01T00:06:00Z',
    want: { status: { active: [ref('hello-2')], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: ['hello-2'], events: ['Normal MissingJob Active job went missing: hello-1'], requeueAfterMs: 240_100, writes: [] },
  },
  {
    name: 'a manual Job (kubectl create job --from): UnexpectedJob, not active, lastScheduleTime untouched',
    cronJob: cronJob({ status: { lastScheduleTime: '2024-01-01T00:05:00Z' } }), jobs: [job('manual', { manual: true })], now: '2024-01-01T00:06:00Z',
    want: { status: { lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: ['manual'], events: ['Warning UnexpectedJob Saw a job that the controller did not create or forgot: manual'], requeueAfterMs: 240_100, writes: [] },
  },
  {
    name: 'a finished manual Job counts for lastSuccessfulTime and the history',
    cronJob: cronJob({ successLimit: 0, status: { lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job('manual', { manual: true, start: '2024-01-01T00:05:30Z', done: 'Complete', at: '2024-01-01T00:05:40Z' })], now: '2024-01-01T00:06:00Z',
    want: { status: { lastScheduleTime: '2024-01-01T00:05:00Z', lastSuccessfulTime: '2024-01-01T00:05:40Z' }, jobs: [], events: ['Normal SuccessfulDelete Deleted job manual'], requeueAfterMs: 240_100, writes: ['deleteJob manual'] },
  },
  {
    name: 'a cache behind our own status write: the live CronJob lists the Job, no UnexpectedJob',
    cronJob: cronJob(), live: cronJob({ status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job(nameAt('2024-01-01T00:05:00Z'))], now: '2024-01-01T00:05:01Z',
    want: { status: { active: [ref(nameAt('2024-01-01T00:05:00Z'))], lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: [nameAt('2024-01-01T00:05:00Z')], events: [], requeueAfterMs: 299_100, writes: [] },
  },
  {
    name: 'history: the oldest finished Jobs beyond 3 succeeded and 1 failed go, never-started ones count as newest, names break ties',
    cronJob: cronJob({ status: { active: [ref('running')], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [
      job('s-a', { start: '2024-01-01T00:01:00Z', done: 'Complete' }), job('s-b', { start: '2024-01-01T00:01:00Z', done: 'Complete' }),
      job('s-c', { start: '2024-01-01T00:00:30Z', done: 'Complete' }), job('s-d', { done: 'Complete', at: '2024-01-01T00:02:00Z' }),
      job('s-e', { start: '2024-01-01T00:03:00Z', done: 'Complete' }),
      job('f-a', { start: '2024-01-01T00:02:00Z', done: 'Failed' }), job('f-b', { start: '2024-01-01T00:01:00Z', done: 'Failed' }), job('f-c', { done: 'Failed' }),
      job('running', { start: '2024-01-01T00:00:00Z' }),
    ],
    now: '2024-01-01T00:06:00Z',
    want: {
      status: { active: [ref('running')], lastScheduleTime: '2024-01-01T00:05:00Z', lastSuccessfulTime: '2024-01-01T00:03:00Z' },
      jobs: ['f-c', 'running', 's-b', 's-d', 's-e'],
      events: ['Normal SuccessfulDelete Deleted job s-c', 'Normal SuccessfulDelete Deleted job s-a', 'Normal SuccessfulDelete Deleted job f-b', 'Normal SuccessfulDelete Deleted job f-a'],
      requeueAfterMs: 240_100, writes: ['deleteJob s-c', 'deleteJob s-a', 'deleteJob f-b', 'deleteJob f-a'],
    },
  },
  {
    name: 'history limit 0: a finished active Job is deleted before it is seen completed',
    cronJob: cronJob({ successLimit: 0, status: { active: [ref('hello-1')], lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job('hello-1', { start: '2024-01-01T00:05:00Z', done: 'Complete', at: '2024-01-01T00:05:30Z' })], now: '2024-01-01T00:06:00Z',
    want: {
      status: { lastScheduleTime: '2024-01-01T00:05:00Z', lastSuccessfulTime: '2024-01-01T00:05:30Z' }, jobs: [],
      events: ['Normal SuccessfulDelete Deleted job hello-1'], requeueAfterMs: 240_100, writes: ['deleteJob hello-1'],
    },
  },
  {
    name: 'a failed history delete is reported and the rest goes on',
    cronJob: cronJob({ failedLimit: 0, status: { lastScheduleTime: '2024-01-01T00:05:00Z' } }),
    jobs: [job('f-1', { start: '2024-01-01T00:01:00Z', done: 'Failed' }), job('f-2', { start: '2024-01-01T00:02:00Z', done: 'Failed' })],
    now: '2024-01-01T00:06:00Z', fail: [{ verb: 'deleteJob', error: quota }],
    want: {
      status: { lastScheduleTime: '2024-01-01T00:05:00Z' }, jobs: ['f-1'],
      events: ['Warning FailedDelete Deleted job: jobs.batch "x" is forbidden: exceeded quota: jobs', 'Normal SuccessfulDelete Deleted job f-2'], requeueAfterMs: 240_100, writes: ['deleteJob f-1', 'deleteJob f-2'],
    },
  },
  {
    name: 'a failed creation: FailedCreate, the error, the status unchanged',
    cronJob: cronJob(), now: '2024-01-01T00:05:00.100Z', fail: [{ verb: 'createJob', error: quota }],
    want: {
      status: {}, jobs: [], events: ['Warning FailedCreate Error creating job: jobs.batch "x" is forbidden: exceeded quota: jobs'],
      error: 'jobs.batch "x" is forbidden: exceeded quota: jobs', writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`],
    },
  },
  {
    name: 'a terminating namespace: the error without an event',
    cronJob: cronJob(), now: '2024-01-01T00:05:00.100Z', fail: [{ verb: 'createJob', error: terminating }],
    want: { status: {}, jobs: [], events: [], error: terminating.message, writes: [`createJob ${nameAt('2024-01-01T00:05:00Z')}`] },
  },
  {
    name: 'an unknown time zone (validation normally refuses it): UnknownTimeZone, no requeue',
    cronJob: cronJob({ timeZone: 'Mars/Olympus' }), now: '2024-01-01T00:05:00.100Z',
    want: { status: {}, jobs: [], events: ['Warning UnknownTimeZone invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus'], writes: [] },
  },
  {
    name: 'an unparseable schedule: UnparseableSchedule, no requeue',
    cronJob: cronJob({ schedule: '61 * * * *' }), now: '2024-01-01T00:05:00.100Z',
    want: { status: {}, jobs: [], events: ['Warning UnparseableSchedule unparseable schedule: "61 * * * *" : end of range (61) above maximum (59): 61'], writes: [] },
  },
  {
    name: 'an impossible date: InvalidSchedule, no requeue',
    cronJob: cronJob({ schedule: '59 23 31 2 *' }), now: '2024-01-01T00:05:00.100Z',
    want: { status: {}, jobs: [], events: ['Warning InvalidSchedule invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second'], writes: [] },
  },
  {
    name: 'a CronJob being deleted: children reconciled, nothing started, no requeue',
    cronJob: cronJob({ deleting: true, status: { active: [ref('hello-1')] } }), jobs: [job('hello-1', { done: 'Failed' })], now: '2024-01-01T00:05:00.100Z',
    want: { status: {}, jobs: ['hello-1'], events: ['Normal SawCompletedJob Saw completed job: hello-1, condition: Failed'], writes: [] },
  },
  {
    name: '@every 90s: the first Job 90 s after creation',
    cronJob: cronJob({ schedule: '@every 90s' }), now: '2024-01-01T00:01:30.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-01T00:01:30Z'))], lastScheduleTime: '2024-01-01T00:01:30Z' }, jobs: [nameAt('2024-01-01T00:01:30Z')],
      events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-01T00:01:30Z')}`], requeueAfterMs: 90_000, writes: [`createJob ${nameAt('2024-01-01T00:01:30Z')}`],
    },
  },
  {
    name: 'a time zone: the schedule read on that wall clock',
    cronJob: cronJob({ schedule: '0 19 * * *', timeZone: 'America/New_York' }), now: '2024-01-02T00:00:00.100Z',
    want: {
      status: { active: [ref(nameAt('2024-01-02T00:00:00Z'))], lastScheduleTime: '2024-01-02T00:00:00Z' }, jobs: [nameAt('2024-01-02T00:00:00Z')],
      events: [`Normal SuccessfulCreate Created job ${nameAt('2024-01-02T00:00:00Z')}`], requeueAfterMs: 86_400_000, writes: [`createJob ${nameAt('2024-01-02T00:00:00Z')}`],
    },
  },
];

function setup(row: Pick<Row, 'cronJob' | 'jobs' | 'live' | 'now' | 'fail'>): { control: FakeJobControl; recorder: FakeEventRecorder; nowMs: number } {
  const nowMs = Date.parse(row.now);
  const control = new FakeJobControl({ cronJob: row.live ?? row.cronJob, jobs: row.jobs ?? [], now: () => nowMs });
  control.failures.push(...(row.fail ?? []));
  return { control, recorder: new FakeEventRecorder(), nowMs };
}

async function runRow(row: Row): Promise<SyncResult> {
  const { control, recorder, nowMs } = setup(row);
  const cached = control.children().filter((j) => row.cached === undefined || row.cached.includes(j.metadata?.name ?? ''));
  const frozen = Object.freeze(structuredClone(row.cronJob));
  const result = await syncCronJob(frozen, cached, { control, recorder, nowMs });
  assert.deepEqual(result.cronJob.status ?? {}, row.want.status);
  assert.deepEqual(result.base, row.live ?? frozen, 'the status is compared with the copy it was computed from');
  assert.deepEqual(control.jobs.map((j) => j.metadata?.name).sort(), [...row.want.jobs].sort());
  assert.deepEqual(recorder.events, row.want.events);
  assert.equal(result.requeueAfterMs, row.want.requeueAfterMs);
  assert.equal(result.error === undefined ? undefined : (result.error as Error).message, row.want.error);
  if (row.want.writes) assert.deepEqual(control.calls.filter((c) => /^(create|delete)Job /.test(c)), row.want.writes);
  return result;
}

for (const row of rows) test(`syncCronJob() ${row.name}`, async () => { await runRow(row); });

test('syncCronJob() builds the Job from the template: name, labels, annotations with the scheduled time in the zone, controller reference, spec', async () => {
  const row = { cronJob: cronJob({ timeZone: 'America/New_York' }), now: '2024-01-01T00:05:00.100Z' };
  const { control, recorder, nowMs } = setup(row);
  await syncCronJob(row.cronJob, [], { control, recorder, nowMs });
  const name = nameAt('2024-01-01T00:05:00Z');
  assert.equal(name, 'hello-28401125');
  assert.deepEqual(control.job(name), {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      resourceVersion: '1', name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2024-01-01T00:05:00Z',
      labels: { app: 'hello' }, annotations: { team: 'a', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2023-12-31T19:05:00-05:00' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: UID, controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  });
});
