// EventCorrelator: client-go's EventAggregator (similar events with different messages are combined) and
// spam filter (a token bucket per involved object), in memory. ApiEventRecorder asks it about each event
// before queueing the write; the count/lastTimestamp deduplication happens at write time, in the recorder.
import { LruMap } from './lru.js';

/** The Event's involvedObject: who the event is about. */
export interface InvolvedObject {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface CorrelatedEvent {
  involved: InvolvedObject;
  type: string;
  reason: string;
  message: string;
}

/** What to record: the message (maybe combined) and the key under which repeats are counted. */
export interface Correlation {
  key: string;
  message: string;
}

const maxEntries = 4096;
/** Upstream: the 10th distinct message within 10 minutes of the last similar event is combined. */
const aggregateMaxMessages = 10;
const aggregateIntervalMs = 10 * 60_000;
const combinedPrefix = '(combined from similar events): ';
/** Upstream: 25 events about an object at once, then one more every 5 minutes. */
const spamBurst = 25;
const spamRefillMs = 5 * 60_000;

interface SimilarEvents { messages: Set<string>; lastMs: number }
interface TokenBucket { credit: number; lastMs: number }

// Each recorder has its own correlator, so the source (component, host) is implicitly part of every key.
// resourceVersion is left out of the keys: repeats about a changed object still count as one event.
const objectKey = (o: InvolvedObject): unknown[] => [o.kind, o.namespace ?? '', o.name, o.uid, o.apiVersion];

export class EventCorrelator {
  readonly #similar = new LruMap<string, SimilarEvents>({ maxEntries });
  readonly #buckets = new LruMap<string, TokenBucket>({ maxEntries });

  /** Returns what to record at nowMs, or undefined when the spam filter drops the event. */
  correlate(e: CorrelatedEvent, nowMs: number): Correlation | undefined {
    const object = objectKey(e.involved);
    // Events about different parts of one object (kubelet's containers) are counted apart, as upstream's event key does.
    const correlation = this.#aggregate(JSON.stringify([...object, e.involved.fieldPath ?? '', e.type, e.reason]), e.message, nowMs);
    return this.#takeToken(JSON.stringify(object), nowMs) ? correlation : undefined;
  }

  #aggregate(similarKey: string, message: string, nowMs: number): Correlation {
    let similar = this.#similar.get(similarKey);
    if (!similar || nowMs - similar.lastMs > aggregateIntervalMs) {
      similar = { messages: new Set(), lastMs: nowMs };
      this.#similar.set(similarKey, similar);
    }
    similar.lastMs = nowMs;
    similar.messages.add(message);
    if (similar.messages.size < aggregateMaxMessages) return { key: JSON.stringify([similarKey, message]), message };
    // Keep the set below the threshold (upstream pops an arbitrary member; the oldest is deterministic).
    const oldest = similar.messages.values().next();
    if (!oldest.done) similar.messages.delete(oldest.value);
    return { key: similarKey, message: combinedPrefix + message };
  }

  #takeToken(key: string, nowMs: number): boolean {
    // Tokens are counted in milliseconds of refill (one token = spamRefillMs), so the arithmetic stays exact.
    const full = spamBurst * spamRefillMs;
    const bucket = this.#buckets.get(key) ?? { credit: full, lastMs: nowMs };
    bucket.credit = Math.min(full, bucket.credit + Math.max(0, nowMs - bucket.lastMs));
    bucket.lastMs = nowMs;
    this.#buckets.set(key, bucket);
    if (bucket.credit < spamRefillMs) return false;
    bucket.credit -= spamRefillMs;
    return true;
  }
}
