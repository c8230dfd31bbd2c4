// The controller contract and runner: level-triggered reconcile(key) on a work queue fed by informers.
import type { Clock, Logger } from '../../util/index.js';
import { WorkQueue } from '../workqueue/workqueue.js';

export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** Thrown by reconcile to say: log it, do not retry. Any other error means: requeue with backoff. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export interface Reconciler {
  /** Idempotent; reads current state (from caches) and acts on it. key = "namespace/name" or "name". */
  reconcile(key: string): Promise<ReconcileResult | void>;
}

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  workers?: number;
  clock: Clock;
  logger: Logger;
}

export class Controller implements AsyncDisposable {
  readonly queue: WorkQueue;
  readonly #o: ControllerOptions;
  readonly #workers: Promise<void>[] = [];

  constructor(options: ControllerOptions) {
    this.#o = options;
    this.queue = new WorkQueue({ clock: options.clock });
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  start(): void {
    for (let i = 0; i < (this.#o.workers ?? 1); i++) this.#workers.push(this.#work());
  }

  async #work(): Promise<void> {
    const log = this.#o.logger.with({ controller: this.#o.name });
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const r = await this.#o.reconciler.reconcile(key);
        this.queue.forget(key);
        if (r && r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
      } catch (e: unknown) {
        if (e instanceof TerminalError) {
          log.error('reconcile failed permanently', { key, error: e.message });
          this.queue.forget(key);
        } else {
          log.warn('reconcile failed; requeueing', { key, error: e instanceof Error ? e.message : String(e) });
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.queue[Symbol.dispose]();
    await Promise.all(this.#workers);
  }
}
