// FakeClock: a Clock for tests whose time only moves when advance() is called.
import type { Clock } from './clock.js';

interface Timer { at: number; fn: () => void; id: number }

export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;
  constructor(start = Date.UTC(2024, 0, 1)) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  nowMs(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): Disposable {
    const t: Timer = { at: this.#now + ms, fn, id: ++this.#seq };
    this.#timers.push(t);
    return { [Symbol.dispose]: () => { this.#timers = this.#timers.filter((x) => x !== t); } };
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => { this.setTimeout(resolve, ms); });
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.at > end) break;
      this.#timers.shift();
      this.#now = next.at;
      next.fn();
    }
    this.#now = end;
  }
}
