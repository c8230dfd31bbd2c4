// LeaderElector: campaigns for a coordination.k8s.io/v1 Lease and keeps it while leading (client-go's
// LeaderElector over a LeaseLock), on the injected Clock. The decisions are election.ts; this file is the I/O.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { isAlreadyExists, isConflict, isNotFound, lookupResource, type ResourceDescriptor } from '../../api/index.js';
import { errorMessage, silentLogger, type Clock, type Logger } from '../../util/index.js';
import type { Client } from '../rest/client.js';
import type { EventRecorder } from '../events/recorder.js';
import {
  decide, defaultLeaseDurationMs, defaultRenewDeadlineMs, defaultRetryPeriodMs, expiresAtMs, jitterFactor, observe, recordOf, releasedSpec,
  type LeaderElectionRecord, type Observation,
} from './election.js';

const leases = lookupResource('coordination.k8s.io', 'v1', 'leases') as ResourceDescriptor;

/** A candidate's identity as upstream's components build it: `<hostname>_<uuid>`, unique per process. */
export function leaderIdentity(host: string = hostname()): string {
  return `${host}_${randomUUID()}`;
}

/**
 * What the elector tells its owner. Each term calls onStartedLeading once and then onStoppedLeading once.
 */
export interface LeaderCallbacks {
  /**
   * This candidate became leader. signal aborts the moment the term ends (lease lost, renew deadline passed,
   * elector stopped), in the same turn as onStoppedLeading. A rejected promise ends the term and releases the Lease
   * (the guarded work could not start, so another candidate should try).
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /**
   * The term ended: called synchronously when it ends, so the owner stops acting at once. The elector waits for the
   * returned promise before it releases the Lease or campaigns again, so guarded work is done before anyone else may
   * start it. Unlike client-go, never called for a candidate that did not lead.
   */
  onStoppedLeading(): void | Promise<void>;
  /** A holder was observed that differs from the last one reported (this candidate included; never '' for none). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectorOptions {
  client: Client;
  /** The Lease to hold (kube-system/kube-controller-manager, kube-system/kube-scheduler). */
  lease: { namespace: string; name: string };
  /** Unique per candidate process: see leaderIdentity(). */
  identity: string;
  clock: Clock;
  callbacks: LeaderCallbacks;
  logger?: Logger;
  /** "became leader" / "stopped leading" Events on the Lease, as client-go records them. */
  recorder?: EventRecorder;
  /** How long others wait, from when they saw the Lease last change, before taking it over (default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps acting without a successful renewal (default 10 s). */
  renewDeadlineMs?: number;
  /** Between tries (default 2 s); jittered by jitterFactor while not leading. */
  retryPeriodMs?: number;
  /** Release the Lease when stopped while leading, so another candidate takes over on its next try (default true). */
  releaseOnCancel?: boolean;
  /** The jitter's source, [0, 1) (default Math.random). */
  random?: () => number;
}

type TermEnd = 'lost' | 'deadline' | 'stopped' | 'startFailed';

/** Resolves with the value of p (which never rejects), or undefined as soon as signal aborts (p settles on its own). */
function unlessAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v); });
  });
}

/** One term of leadership: its signal, its renew deadline, and the single call that ends it. */
class Term {
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  readonly #renewDeadlineMs: number;
  readonly #onEnd: (why: TermEnd) => Promise<unknown>;
  #deadline: Disposable | undefined;
  end: TermEnd = 'stopped';
  /** Settles when the owner has stopped (onStoppedLeading's promise). */
  stopped: Promise<unknown> = Promise.resolve();

  constructor(options: { clock: Clock; renewDeadlineMs: number; onEnd: (why: TermEnd) => Promise<unknown> }) {
    this.#clock = options.clock;
    this.#renewDeadlineMs = options.renewDeadlineMs;
    this.#onEnd = options.onEnd;
  }
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  /** A renewal sent at sentAt landed: the term lasts until sentAt + the renew deadline (re-armed). */
  renewed(sentAt: number): void {
    this.#deadline?.[Symbol.dispose]();
    this.#deadline = this.#clock.setTimeout(() => this.finish('deadline'), sentAt + this.#renewDeadlineMs - this.#clock.nowMs());
  }
  /** Ends the term (once): the signal aborts, then the owner is told, in the same turn. */
  finish(why: TermEnd): void {
    if (this.#controller.signal.aborted) return;
    this.end = why;
    this.#deadline?.[Symbol.dispose]();
    this.#controller.abort();
    this.stopped = this.#onEnd(why);
  }
}

/**
 * Contract: start() campaigns until disposed; after a term ends (unless stopped) the candidate campaigns again.
 * Reads are live (GET of the Lease), writes carry the read resourceVersion, so of two candidates writing the same
 * version one gets a Conflict and re-reads. Like client-go this is not fencing: a leader whose process stalls
 * past the lease duration acts until its clock fires the renew deadline.
 */
export class LeaderElector implements AsyncDisposable {
  readonly #client: Client;
  readonly #namespace: string;
  readonly #name: string;
  readonly #identity: string;
  readonly #clock: Clock;
  readonly #callbacks: LeaderCallbacks;
  readonly #logger: Logger;
  readonly #recorder: EventRecorder | undefined;
  readonly #leaseDurationMs: number;
  readonly #renewDeadlineMs: number;
  readonly #retryPeriodMs: number;
  readonly #releaseOnCancel: boolean;
  readonly #random: () => number;
  readonly #stop = new AbortController();
  /** The Lease as last read or written (its resourceVersion is the precondition of the next update). */
  #lease: Lease | undefined;
  #observed: Observation | undefined;
  #reportedLeader = '';
  #term: Term | undefined;
  /** The attempt in flight: attempts run one at a time, so each sees the state the previous one left. */
  #inflight: Promise<unknown> = Promise.resolve();
  #loop: Promise<void> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#client = options.client;
    this.#namespace = options.lease.namespace;
    this.#name = options.lease.name;
    this.#identity = options.identity;
    this.#clock = options.clock;
    this.#callbacks = options.callbacks;
    this.#recorder = options.recorder;
    this.#leaseDurationMs = options.leaseDurationMs ?? defaultLeaseDurationMs;
    this.#renewDeadlineMs = options.renewDeadlineMs ?? defaultRenewDeadlineMs;
    this.#retryPeriodMs = options.retryPeriodMs ?? defaultRetryPeriodMs;
    this.#releaseOnCancel = options.releaseOnCancel ?? true;
    this.#random = options.random ?? Math.random;
    this.#logger = (options.logger ?? silentLogger).with({ lease: `${this.#namespace}/${this.#name}`, identity: this.#identity });
    // client-go's NewLeaderElector checks: a leader must give up before others may take over.
    if (!this.#identity) throw new RangeError('Cannot elect a leader: the identity is empty');
    if (this.#retryPeriodMs <= 0) throw new RangeError(`Cannot elect a leader: retryPeriodMs must be greater than zero, got ${this.#retryPeriodMs}`);
    if (this.#renewDeadlineMs <= jitterFactor * this.#retryPeriodMs) throw new RangeError(`Cannot elect a leader: renewDeadlineMs must be greater than retryPeriodMs × ${jitterFactor}, got ${this.#renewDeadlineMs}`);
    if (this.#leaseDurationMs <= this.#renewDeadlineMs) throw new RangeError(`Cannot elect a leader: leaseDurationMs must be greater than renewDeadlineMs, got ${this.#leaseDurationMs}`);
  }

  get identity(): string {
    return this.#identity;
  }
  /** Whether this candidate is in a term now (false from the moment onStoppedLeading is called). */
  get isLeader(): boolean {
    return this.#term !== undefined && !this.#term.signal.aborted;
  }
  /** The holder last observed ('' for none or released). */
  get leader(): string {
    return this.#observed?.record.holderIdentity ?? '';
  }

  /** Starts campaigning (once). */
  start(): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#loop = this.#run().catch((e: unknown) => this.#logger.error('leader election stopped', { error: errorMessage(e) }));
  }

  /** Stops campaigning; a leader ends its term (onStoppedLeading awaited) and then releases the Lease. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const acquiredAt = await this.#acquire(stop);
      if (acquiredAt === undefined) break;
      const end = await this.#lead(acquiredAt);
      if ((end === 'stopped' && this.#releaseOnCancel) || end === 'startFailed') await this.#release();
      if (end === 'startFailed') await this.#wait(this.#jittered(), stop);
    }
  }

  /** Tries at once, then every jittered retry period; resolves with when the winning try was sent, or undefined when stopped. */
  async #acquire(stop: AbortSignal): Promise<number | undefined> {
    this.#logger.debug('attempting to acquire leader lease');
    for (;;) {
      const sentAt = this.#clock.nowMs();
      const ok = await unlessAborted(this.#attempt(), stop);
      if (stop.aborted) return undefined;
      if (ok) return sentAt;
      await this.#wait(this.#jittered(), stop);
    }
  }

  /**
   * One term: renew every retry period; it ends when the renew deadline passes since the last successful renewal
   * was sent (measured from sending, as the write may have landed any time after), when another holder is seen, or
   * when stopped. Resolves once onStoppedLeading's promise has settled.
   */
  async #lead(acquiredAt: number): Promise<TermEnd> {
    const stop = this.#stop.signal;
    // Stopped between winning the Lease and starting the term: never start, only give the Lease back.
    if (stop.aborted) return 'stopped';
    const term = new Term({ clock: this.#clock, renewDeadlineMs: this.#renewDeadlineMs, onEnd: (why) => this.#stoppedLeading(why) });
    this.#term = term;
    const onStop = (): void => term.finish('stopped');
    stop.addEventListener('abort', onStop, { once: true });
    term.renewed(acquiredAt);
    this.#startedLeading(term);
    while (!term.signal.aborted) {
      await this.#wait(this.#retryPeriodMs, term.signal);
      if (term.signal.aborted) break;
      const sentAt = this.#clock.nowMs();
      const ok = await unlessAborted(this.#attempt(), term.signal);
      if (term.signal.aborted) break;
      if (ok) term.renewed(sentAt);
      else if (this.#heldByAnother()) term.finish('lost');
      // Otherwise (the API unreachable, a conflict) try again next period, until the deadline.
    }
    stop.removeEventListener('abort', onStop);
    await term.stopped;
    return term.end;
  }

  #startedLeading(term: Term): void {
    this.#logger.info('successfully acquired lease');
    this.#event('became leader');
    const failed = (e: unknown): void => {
      this.#logger.error('onStartedLeading failed', { error: errorMessage(e) });
      term.finish('startFailed');
    };
    try {
      void Promise.resolve(this.#callbacks.onStartedLeading(term.signal)).catch(failed);
    } catch (e: unknown) {
      failed(e);
    }
  }

  #stoppedLeading(why: TermEnd): Promise<unknown> {
    this.#logger.info('stopped leading', { reason: why });
    this.#event('stopped leading');
    const failed = (e: unknown): void => this.#logger.error('onStoppedLeading failed', { error: errorMessage(e) });
    try {
      return Promise.resolve(this.#callbacks.onStoppedLeading()).catch(failed);
    } catch (e: unknown) {
      failed(e);
      return Promise.resolve();
    }
  }

  #heldByAnother(): boolean {
    const o = this.#observed;
    return o !== undefined && o.record.holderIdentity !== '' && o.record.holderIdentity !== this.#identity && expiresAtMs(o) > this.#clock.nowMs();
  }

  /** Runs tryAcquireOrRenew after the attempt in flight. Never rejects. */
  #attempt(): Promise<boolean> {
    const run = this.#inflight.then(() => this.#tryAcquireOrRenew()).catch((e: unknown) => {
      this.#logger.warn('leader election attempt failed', { error: errorMessage(e) });
      return false;
    });
    this.#inflight = run;
    return run;
  }

  /** client-go's tryAcquireOrRenew: true when this candidate holds the Lease as of the write it just made. */
  async #tryAcquireOrRenew(): Promise<boolean> {
    const leaseDurationMs = this.#leaseDurationMs;
    // Fast path: a leader renews from the Lease it last wrote, without a read; any failure falls back to a read.
    if (this.isLeader && this.#lease && this.#observed?.record.holderIdentity === this.#identity && expiresAtMs(this.#observed) > this.#clock.nowMs()) {
      const d = decide({ observed: this.#observed, identity: this.#identity, nowMs: this.#clock.nowMs(), leaseDurationMs });
      if (d.action === 'renew') {
        try {
          this.#wrote(await this.#bounded(this.#client.update(leases, { ...this.#lease, spec: d.spec })));
          return true;
        } catch (e: unknown) {
          // A Conflict means someone else wrote the Lease since: read what they wrote.
          this.#logger.debug('failed to update lease optimistically, falling back to a read', { error: errorMessage(e) });
        }
      }
    }
    let current: Lease | undefined;
    try {
      current = await this.#bounded(this.#client.get<Lease>(leases, this.#namespace, this.#name));
    } catch (e: unknown) {
      if (!isNotFound(e)) {
        this.#logger.warn('cannot read lease', { error: errorMessage(e) });
        return false;
      }
    }
    this.#lease = current;
    this.#observed = current ? observe(this.#observed, recordOf(current.spec), this.#clock.nowMs()) : undefined;
    this.#reportLeader();
    const d = decide({ observed: this.#observed, identity: this.#identity, nowMs: this.#clock.nowMs(), leaseDurationMs });
    try {
      switch (d.action) {
        case 'wait':
          this.#logger.debug('lease is held by another candidate and has not yet expired', { holder: d.holder });
          return false;
        case 'create':
          this.#wrote(await this.#bounded(this.#client.create<Lease>(leases, this.#namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.#name, namespace: this.#namespace }, spec: d.spec })));
          return true;
        case 'renew':
        case 'takeOver':
          this.#wrote(await this.#bounded(this.#client.update(leases, { ...current, spec: d.spec })));
          return true;
        default: {
          const never: never = d;
          throw new TypeError(`Cannot act on decision ${JSON.stringify(never)}`);
        }
      }
    } catch (e: unknown) {
      // AlreadyExists or Conflict: another candidate wrote first; the next try reads what it wrote.
      if (isConflict(e) || isAlreadyExists(e)) this.#logger.debug('another candidate wrote the lease first', { action: d.action });
      else this.#logger.warn('cannot write lease', { action: d.action, error: errorMessage(e) });
      return false;
    }
  }

  /** Our write landed: it is the record now, observed now (client-go's setObservedRecord). */
  #wrote(lease: Lease): void {
    this.#lease = lease;
    this.#observed = { record: recordOf(lease.spec), observedAtMs: this.#clock.nowMs() };
    this.#reportLeader();
  }

  #reportLeader(): void {
    const holder = this.leader;
    if (holder === '' || holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    if (holder !== this.#identity) this.#logger.info('new leader elected', { holder });
    this.#callbacks.onNewLeader?.(holder);
  }

  /** Gives the Lease up if this candidate still holds it as last observed. A failure is logged: the Lease then expires. */
  async #release(): Promise<void> {
    const record: LeaderElectionRecord | undefined = this.#observed?.record;
    if (!this.#lease || !record || record.holderIdentity !== this.#identity) return;
    try {
      this.#wrote(await this.#bounded(this.#client.update(leases, { ...this.#lease, spec: releasedSpec(record, this.#clock.nowMs()) })));
      this.#logger.info('released lease');
    } catch (e: unknown) {
      this.#logger.warn('failed to release lease: it expires instead', { error: errorMessage(e) });
    }
  }

  /**
   * p, or a rejection once the renew deadline passes on the clock (upstream's leader election client has the renew
   * deadline as its request timeout): a request stuck on the network must not hold up the next try or a stop. The
   * abandoned request may still land; a write that does changes the record, so others restart their wait.
   */
  #bounded<T>(p: Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const timeout = this.#clock.setTimeout(() => reject(new Error(`Cannot reach the API server: no reply in ${this.#renewDeadlineMs} ms`)), this.#renewDeadlineMs);
      p.then((v) => { timeout[Symbol.dispose](); resolve(v); }, (e: unknown) => { timeout[Symbol.dispose](); reject(e instanceof Error ? e : new Error(String(e))); });
    });
  }

  #jittered(): number {
    return this.#retryPeriodMs * (1 + this.#random() * jitterFactor);
  }

  /** Resolves after ms on the clock, or as soon as signal aborts. */
  #wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      let timer: Disposable | undefined = undefined;
      const done = (): void => {
        timer?.[Symbol.dispose]();
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      timer = this.#clock.setTimeout(done, ms);
    });
  }

  #event(message: string): void {
    if (!this.#recorder || !this.#lease) return;
    this.#recorder.event({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: this.#lease.metadata ?? {} }, 'Normal', 'LeaderElection', `${this.#identity} ${message}`);
  }
}
