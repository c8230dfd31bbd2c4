// One sync of a CronJob, in upstream's order: delete finished Jobs beyond the history limits, reconcile the
// child Jobs with status.active (SawCompletedJob, lastSuccessfulTime, UnexpectedJob, MissingJob), then carry
// out planRun's decision (Replace deletions, the Job's creation) through a JobControl. Writes nothing but
// Jobs and Events: the caller writes the returned status.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isApiError, isNotFound } from '../../api/index.js';
import { controllerOf, type EventRecorder } from '../../client/index.js';
import { errorMessage, rfc3339 } from '../../util/index.js';
import { finishedCondition, isJobSucceeded, jobReference, jobsBeyondHistory, planRun, type PlannedEvent } from './plan.js';

/**
 * The controller's writes and live reads of Jobs (and its CronJob). A rejection is the API's error
 * (NotFound, AlreadyExists, …); the sync decides what each means.
 */
export interface JobControl {
  /** A live read (not the informer cache): upstream double-checks there before believing a Job is gone. */
  getJob(namespace: string, name: string): Promise<Job>;
  /** Creates the Job; AlreadyExists when its name is taken. */
  createJob(namespace: string, job: Job): Promise<Job>;
  /** Deletes the Job with propagationPolicy Background. */
  deleteJob(namespace: string, name: string): Promise<void>;
  /** A live read of the CronJob, for a Job the cached status does not list. */
  getCronJob(namespace: string, name: string): Promise<CronJob>;
}

export interface SyncOptions {
  control: JobControl;
  recorder: EventRecorder;
  nowMs: number;
}

export interface SyncResult {
  /** The CronJob with its new status (a copy: the input is not mutated). Write it when the status changed. */
  cronJob: CronJob;
  /**
   * The CronJob that status was computed from: the input, or the live copy the sync read when the cache was
   * behind. Compare statuses with this one.
   */
  base: CronJob;
  /** When to sync again; undefined: not until something changes. */
  requeueAfterMs?: number;
  /** Set when the sync stopped on an error: write the status, then retry with backoff. */
  error?: unknown;
}

const isNamespaceTerminating = (e: unknown): boolean => isApiError(e) && (e.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');

class CronJobSync {
  cronJob: CronJob;
  base: CronJob;
  readonly #jobs: readonly Job[];
  readonly #o: SyncOptions;

  constructor(cronJob: CronJob, jobs: readonly Job[], options: SyncOptions) {
    this.base = cronJob;
    this.cronJob = structuredClone(cronJob);
    this.#jobs = jobs;
    this.#o = options;
  }

  get #namespace(): string { return this.cronJob.metadata?.namespace ?? ''; }
  get #active(): ObjectReference[] { return this.cronJob.status?.active ?? []; }

  #event(e: PlannedEvent): void {
    this.#o.recorder.event(this.cronJob, e.type, e.reason, e.message);
  }
  #isActive(uid: string | undefined): boolean {
    return this.#active.some((r) => r.uid === uid);
  }
  /** An empty list is left out, as upstream's omitempty serializes it. */
  #removeActive(uid: string | undefined): void {
    const { active: _, ...rest } = this.cronJob.status ?? {};
    const active = this.#active.filter((r) => r.uid !== uid);
    this.cronJob.status = active.length ? { ...rest, active } : rest;
  }

  /** Deletes a Job and forgets it from status.active; false (with a FailedDelete event) when the delete failed. */
  async #deleteJob(job: Job): Promise<boolean> {
    const name = job.metadata?.name ?? '';
    try {
      await this.#o.control.deleteJob(job.metadata?.namespace ?? this.#namespace, name);
    } catch (e: unknown) {
      this.#event({ type: 'Warning', reason: 'FailedDelete', message: `Deleted job: ${errorMessage(e)}` });
      return false;
    }
    this.#removeActive(job.metadata?.uid);
    this.#event({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${name}` });
    return true;
  }

  /** Finished Jobs beyond the history limits go, oldest start first; a failed delete skips to the next. */
  async cleanupFinishedJobs(): Promise<void> {
    for (const job of jobsBeyondHistory(this.cronJob, this.#jobs)) await this.#deleteJob(job);
  }

  async #reconcileChildren(): Promise<void> {
    const children = new Set<string | undefined>();
    for (const job of this.#jobs) {
      const uid = job.metadata?.uid;
      children.add(uid);
      const found = this.#isActive(uid);
      const finished = finishedCondition(job);
      if (!found && !finished) {
        // The cache may predate our own status write: the live CronJob decides.
        const live = await this.#o.control.getCronJob(this.#namespace, this.cronJob.metadata?.name ?? '');
        if ((live.status?.active ?? []).some((r) => r.uid === uid)) {
          this.base = live;
          this.cronJob = structuredClone(live);
          continue;
        }
        this.#event({ type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${job.metadata?.name ?? ''}` });
      } else if (finished) {
        if (found) {
          this.#removeActive(uid);
          this.#event({ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${job.metadata?.name ?? ''}, condition: ${finished}` });
        }
        const completion = job.status?.completionTime;
        const last = this.cronJob.status?.lastSuccessfulTime;
        if (isJobSucceeded(job) && completion && (!last || Date.parse(completion) > Date.parse(last))) {
          this.cronJob.status = { ...this.cronJob.status, lastSuccessfulTime: completion };
        }
      }
    }
    // An active Job the cache does not have may only be slow to arrive: gone only if the API says so.
    for (const ref of [...this.#active]) {
      if (children.has(ref.uid)) continue;
      try {
        await this.#o.control.getJob(ref.namespace ?? this.#namespace, ref.name ?? '');
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
        this.#event({ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${ref.name ?? ''}` });
        this.#removeActive(ref.uid);
      }
    }
  }

  /** Everything after the history cleanup; resolves with the requeue delay. */
  async run(): Promise<number | undefined> {
    await this.#reconcileChildren();
    if (this.cronJob.metadata?.deletionTimestamp) return undefined;
    const decision = planRun(this.cronJob, this.#o.nowMs);
    for (const e of decision.events) this.#event(e);
    if (decision.action !== 'start') return decision.action === 'wait' ? decision.requeueAfterMs : undefined;
    for (const ref of decision.replace) {
      let job: Job;
      try {
        job = await this.#o.control.getJob(ref.namespace ?? this.#namespace, ref.name ?? '');
      } catch (e: unknown) {
        this.#event({ type: 'Warning', reason: 'FailedGet', message: `Get job: ${errorMessage(e)}` });
        throw e;
      }
      if (!(await this.#deleteJob(job))) throw new Error(`could not replace job ${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`);
    }
    const created = await this.#create(decision.job);
    if (created) {
      this.cronJob.status = { ...this.cronJob.status, active: [...this.#active, jobReference(created)], lastScheduleTime: rfc3339(new Date(decision.scheduledMs)) };
    }
    return decision.requeueAfterMs;
  }

  /**
   * Creates the Job, or finds it created already (a restart between the creation and the status write): the
   * Job to add to status.active, or undefined when there is nothing to add (another owner's Job by that name,
   * upstream assumes its owner keeps the status; or ours and listed already).
   */
  async #create(job: Job): Promise<Job | undefined> {
    try {
      const created = await this.#o.control.createJob(this.#namespace, job);
      this.#event({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${created.metadata?.name ?? ''}` });
      return created;
    } catch (e: unknown) {
      if (isNamespaceTerminating(e)) throw e;
      if (!isAlreadyExists(e)) {
        this.#event({ type: 'Warning', reason: 'FailedCreate', message: `Error creating job: ${errorMessage(e)}` });
        throw e;
      }
    }
    const existing = await this.#o.control.getJob(this.#namespace, job.metadata?.name ?? '');
    if (controllerOf(existing)?.uid !== this.cronJob.metadata?.uid || this.#isActive(existing.metadata?.uid)) return undefined;
    return existing;
  }
}

/** One sync of the CronJob with its child Jobs (those it controls), at options.nowMs. */
export async function syncCronJob(cronJob: CronJob, jobs: readonly Job[], options: SyncOptions): Promise<SyncResult> {
  const sync = new CronJobSync(cronJob, jobs, options);
  await sync.cleanupFinishedJobs();
  try {
    const requeueAfterMs = await sync.run();
    return { cronJob: sync.cronJob, base: sync.base, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  } catch (e: unknown) {
    return { cronJob: sync.cronJob, base: sync.base, error: e };
  }
}
