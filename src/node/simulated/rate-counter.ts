// A simulated counter: it grows at a per-second rate that may change, and keeps what it counted before each
// change. Simulated nodes' cumulative CPU and their pods' simulated counters use it. Pure (time comes in).

export class RateCounter {
  #rate: number;
  #sinceMs: number;
  #countedBefore = 0;

  /** Counting from `sinceMs` at `rate` per second. */
  constructor(rate: number, sinceMs: number) {
    this.#rate = rate;
    this.#sinceMs = sinceMs;
  }

  /** The count at `nowMs` when the rate is `rate` from now on (a changed rate counts from `nowMs`). */
  countAt(nowMs: number, rate: number): number {
    if (rate !== this.#rate) {
      this.#countedBefore += (this.#rate * (nowMs - this.#sinceMs)) / 1000;
      this.#rate = rate;
      this.#sinceMs = nowMs;
    }
    return this.#countedBefore + (this.#rate * (nowMs - this.#sinceMs)) / 1000;
  }
}
