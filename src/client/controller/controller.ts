// The controller contract and runner: level-triggered reconcile(key) on a work queue fed by informers.
import type { Clock, Logger } from '../../util/index.js';
import { WorkQueue } from '../workqueue/workqueue.js';
import type { Informer } from '../informer/informer.js';
import type { InformerFactory } from '../informer/factory.js';
import type { Client } from '../rest/client.js';
import type { EventRecorder } from '../events/recorder.js';
import type { NodeVolumeHosts } from '../node/volume-host.js';
import { errorMessage } from '../../util/index.js';

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
          log.warn('reconcile failed; requeueing', { key, error: errorMessage(e) });
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

/**
 * Starts the informers (idempotent: they may be shared), then the controllers once every cache has synced
 * (never decide on partial caches). Dispose stops the controllers; the informers belong to their factory.
 */
export function startWhenSynced(informers: readonly Pick<Informer<object>, 'start' | 'waitForSync'>[], controllers: readonly Controller[]): AsyncDisposable {
  for (const i of informers) i.start();
  // Disposing stops the wait: a cache that never syncs (its list keeps failing, e.g. objects encrypted with a key
  // the server lacks) must not hold up shutdown, nor start the controllers after they were disposed.
  const stopped = new AbortController();
  const aborted = new Promise<void>((resolve) => stopped.signal.addEventListener('abort', () => resolve(), { once: true }));
  const started = (async () => {
    await Promise.race([Promise.all(informers.map((i) => i.waitForSync())), aborted]);
    if (stopped.signal.aborted) return;
    for (const c of controllers) c.start();
  })();
  return {
    async [Symbol.asyncDispose]() {
      stopped.abort();
      await started.catch(() => undefined);
      for (const c of [...controllers].reverse()) await c[Symbol.asyncDispose]();
    },
  };
}

/** What every controller is started with. */
export interface ControllerContext {
  client: Client;
  /** Shared informers: controllers take theirs from here and never dispose them. */
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
}

/** Controllers that record events and act on node volumes (PV controller, local-path provisioner). */
export interface VolumeControllerContext extends ControllerContext {
  recorder: EventRecorder;
  hosts: NodeVolumeHosts;
  /** Workers per queue; volume work is a few API writes each, so throughput scales with concurrency. */
  workers?: number;
}
