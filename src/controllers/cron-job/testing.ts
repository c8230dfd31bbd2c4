// Test support for the CronJob controller's tables (never imported by production code): an in-memory API
// for Jobs and the CronJob behind JobControl, with injected failures, a call log and a stand-in for the Job
// controller (start, complete, fail).
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1.js';
import { alreadyExists, notFound } from '../../api/index.js';
import { controllerOf } from '../../client/index.js';
import { deepFreeze, rfc3339 } from '../../util/index.js';
import type { JobControl } from './sync.js';

const jobsGr = { group: 'batch', resource: 'jobs' };
const cronJobsGr = { group: 'batch', resource: 'cronjobs' };

export type Verb = 'getJob' | 'createJob' | 'deleteJob' | 'getCronJob';

export class FakeJobControl implements JobControl {
  /** The API's CronJob (the cache may hold an older copy). */
  cronJob: CronJob;
  readonly #jobs = new Map<string, Job>();
  /** "createJob hello-28401125", "deleteJob …": every call, in order, whatever its outcome. */
  readonly calls: string[] = [];
  /** Errors to throw: the first entry for a verb is used up by the next call of that verb. */
  readonly failures: { verb: Verb; error: unknown }[] = [];
  readonly #now: () => number;

  constructor(options: { cronJob: CronJob; jobs?: readonly Job[]; now: () => number }) {
    this.cronJob = deepFreeze(structuredClone(options.cronJob));
    this.#now = options.now;
    for (const j of options.jobs ?? []) this.put(j);
  }

  #call(verb: Verb, name: string): void {
    this.calls.push(`${verb} ${name}`);
    const i = this.failures.findIndex((f) => f.verb === verb);
    if (i >= 0) throw this.failures.splice(i, 1)[0]?.error;
  }

  /** Stores a Job as the API would hold it (frozen: the controller must not mutate what it reads). */
  put(job: Job): Job {
    const name = job.metadata?.name ?? '';
    const resourceVersion = String(Number(this.#jobs.get(name)?.metadata?.resourceVersion ?? 0) + 1);
    const stored = deepFreeze(structuredClone({ ...job, metadata: { ...job.metadata, resourceVersion } }));
    this.#jobs.set(name, stored);
    return stored;
  }
  get jobs(): Job[] { return [...this.#jobs.values()]; }
  /** The Jobs the CronJob controls: what the informer's index hands the sync. */
  children(): Job[] { return this.jobs.filter((j) => controllerOf(j)?.uid === this.cronJob.metadata?.uid); }
  job(name: string): Job | undefined { return this.#jobs.get(name); }

  writeStatus(status: CronJobStatus | undefined): void {
    this.cronJob = deepFreeze({ ...structuredClone(this.cronJob), status: structuredClone(status ?? {}) });
  }

  async getJob(_namespace: string, name: string): Promise<Job> {
    this.#call('getJob', name);
    const j = this.#jobs.get(name);
    if (!j) throw notFound(jobsGr, name);
    return j;
  }
  async createJob(namespace: string, job: Job): Promise<Job> {
    const name = job.metadata?.name ?? '';
    this.#call('createJob', name);
    if (this.#jobs.has(name)) throw alreadyExists(jobsGr, name);
    return this.put({ ...job, metadata: { ...job.metadata, namespace, uid: `uid-${name}`, creationTimestamp: rfc3339(new Date(this.#now())) } });
  }
  async deleteJob(_namespace: string, name: string): Promise<void> {
    this.#call('deleteJob', name);
    if (!this.#jobs.delete(name)) throw notFound(jobsGr, name);
  }
  async getCronJob(_namespace: string, name: string): Promise<CronJob> {
    this.#call('getCronJob', name);
    if (this.cronJob.metadata?.name !== name) throw notFound(cronJobsGr, name);
    return this.cronJob;
  }

  /** What the Job controller writes: startTime once running, then the Complete or Failed condition. */
  startJob(name: string, atMs: number): void {
    const j = this.#jobs.get(name);
    if (j) this.put({ ...j, status: { ...j.status, startTime: rfc3339(new Date(atMs)), active: 1 } });
  }
  finishJob(name: string, condition: 'Complete' | 'Failed', atMs: number): void {
    const j = this.#jobs.get(name);
    if (!j) return;
    const at = rfc3339(new Date(atMs));
    this.put({
      ...j,
      status: {
        ...j.status, active: 0, ...(condition === 'Complete' ? { succeeded: 1, completionTime: at } : { failed: 1 }),
        conditions: [{ type: condition, status: 'True', lastProbeTime: at, lastTransitionTime: at }],
      },
    });
  }
}
