// EventLog: the recent events a store has seen, in revision order, covering the revisions (from, last].
// Watches starting in the past replay from it; older history is fetched and prepended. Pure.
import type { StoreEvent } from '../store.js';

export class EventLog {
  #events: StoreEvent[] = [];
  #from: number;
  readonly #capacity: number;

  /** An empty log that covers nothing after `from` yet; keeps at most `capacity` events. */
  constructor(from: number, capacity: number) {
    this.#from = from;
    this.#capacity = capacity;
  }

  /** Every event with a revision above `from` (and up to the last appended one) is in the log. */
  get from(): number {
    return this.#from;
  }

  append(ev: StoreEvent): void {
    this.#events.push(ev);
    if (this.#events.length > this.#capacity) this.#dropOldest(this.#events.length - this.#capacity);
  }

  /** Older events (revisions in (from, this.from], in order): the log now covers (from, last]. */
  prepend(events: readonly StoreEvent[], from: number): void {
    if (from >= this.#from) return;
    this.#events = [...events.filter((ev) => ev.kv.modRevision > from && ev.kv.modRevision <= this.#from), ...this.#events];
    this.#from = from;
  }

  /** The events after revision `after`, in order (callers check after >= from first). */
  since(after: number): StoreEvent[] {
    let lo = 0;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#events[mid]!.kv.modRevision <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#events.slice(lo);
  }

  /** Forgets events at or before revision (history compacted away). */
  dropThrough(revision: number): void {
    if (revision <= this.#from) return;
    this.#events = this.since(revision);
    this.#from = revision;
  }

  #dropOldest(n: number): void {
    // Drop whole revisions only, so `from` stays exact.
    let rev = this.#events[n - 1]!.kv.modRevision;
    while (n < this.#events.length && this.#events[n]!.kv.modRevision === rev) n++;
    rev = this.#events[n - 1]!.kv.modRevision;
    this.#events = this.#events.slice(n);
    this.#from = rev;
  }
}
