// WorkQueue: keys to reconcile. Deduplicates, never hands the same key to two workers, per-key
// exponential backoff for failures, delayed adds. Time goes through the injected Clock.
import type { Clock } from '../../util/index.js';

export interface WorkQueueOptions {
  clock: Clock;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class WorkQueue implements Disposable {
  readonly #clock: Clock;
  readonly #base: number;
  readonly #max: number;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  /** Delayed adds: one timer per key, due at the earliest time anyone asked for. */
  readonly #timers = new Map<string, { dueMs: number; timer: Disposable }>();
  readonly #waiters: ((key: string | undefined) => void)[] = [];
  #shutdown = false;

  constructor(options: WorkQueueOptions) {
    this.#clock = options.clock;
    this.#base = options.baseDelayMs ?? 5;
    this.#max = options.maxDelayMs ?? 60_000;
  }

  add(key: string): void {
    if (this.#shutdown) return;
    if (this.#processing.has(key)) { this.#dirty.add(key); return; }
    if (this.#queued.has(key)) return;
    const waiter = this.#waiters.shift();
    if (waiter) { this.#processing.add(key); waiter(key); return; }
    this.#queued.add(key);
    this.#queue.push(key);
  }

  /** Adds the key after ms; a key already waiting keeps the earlier of the two times (upstream's delaying queue). */
  addAfter(key: string, ms: number): void {
    if (ms <= 0) return this.add(key);
    const dueMs = this.#clock.nowMs() + ms;
    const pending = this.#timers.get(key);
    if (pending && pending.dueMs <= dueMs) return;
    pending?.timer[Symbol.dispose]();
    this.#timers.set(key, { dueMs, timer: this.#clock.setTimeout(() => { this.#timers.delete(key); this.add(key); }, ms) });
  }

  /** Requeue after the key's backoff (5ms, 10ms, ... up to maxDelay). */
  addRateLimited(key: string): void {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.#max, this.#base * 2 ** n));
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  /** Next key, or undefined after shutdown. Caller must call done(key). */
  get(): Promise<string | undefined> {
    if (this.#shutdown) return Promise.resolve(undefined);
    const key = this.#queue.shift();
    if (key !== undefined) {
      this.#queued.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.delete(key)) this.add(key);
  }

  get length(): number {
    return this.#queue.length;
  }

  [Symbol.dispose](): void {
    this.#shutdown = true;
    for (const t of this.#timers.values()) t.timer[Symbol.dispose]();
    this.#timers.clear();
    for (const w of this.#waiters.splice(0)) w(undefined);
  }
}
