// Event recording for controllers (client-go's record package and EventCorrelator, behaviour only): core/v1
// Events about an object, similar ones combined, spam dropped, repeats counted on the existing Event by a
// patch of count and lastTimestamp; written in the background, in order, never throwing.
import { isNotFound, lookupResource, type KubeObject } from '../../api/index.js';
import { rfc3339, type Clock, type Logger, errorMessage } from '../../util/index.js';
import type { Client } from '../rest/client.js';
import { EventCorrelator, type InvolvedObject } from './correlator.js';
import { LruMap } from './lru.js';

export type EventType = 'Normal' | 'Warning';

/** An object events can be about: anything with type and object metadata. */
export interface EventSubject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  /** involvedObject.fieldPath: the part of the object the event is about (kubelet: `spec.containers{web}`). */
  fieldPath?: string;
}

export interface EventRecorder {
  /** Records an Event about obj (not mutated). Never throws and never waits: writes happen in the background, in order. */
  event(obj: EventSubject, type: EventType, reason: string, message: string): void;
}

/** Where ApiEventRecorder writes Events. A rejection with NotFound from patch means the Event is gone. */
export interface EventSink {
  create(event: KubeObject): Promise<KubeObject>;
  patch(namespace: string, name: string, patch: object): Promise<KubeObject>;
}

const eventsResource = lookupResource('', 'v1', 'events');

/** An EventSink on the API: POST and merge-PATCH of core/v1 events. */
export function clientEventSink(client: Client): EventSink {
  if (!eventsResource) throw new TypeError('Cannot write events: the core/v1 "events" resource is not registered');
  return {
    create: (event) => client.create(eventsResource, String(event.metadata?.['namespace'] ?? ''), event),
    patch: (namespace, name, patch) => client.patch(eventsResource, namespace, name, patch, 'merge'),
  };
}

export interface EventRecorderOptions {
  /** source.component / reportingComponent, shown by `kubectl describe` in the From column. */
  component: string;
  /** source.host / reportingInstance. */
  host?: string;
  clock: Clock;
  logger: Logger;
}

/** Writes through `client`, or through `sink` (tests, other transports). */
export type ApiEventRecorderOptions = EventRecorderOptions & ({ client: Client } | { sink: EventSink });

interface Recorded {
  namespace: string;
  name: string;
  count: number;
}

/** As client-go's EventCorrelator: remember this many distinct events for deduplication. */
const maxRemembered = 4096;
/** As client-go's broadcaster (maxQueuedEvents): beyond this many unwritten events, new ones are dropped. */
export const maxQueuedEvents = 1000;

export class ApiEventRecorder implements EventRecorder, AsyncDisposable {
  readonly #o: EventRecorderOptions;
  readonly #sink: EventSink;
  readonly #correlator = new EventCorrelator();
  readonly #recorded = new LruMap<string, Recorded>({ maxEntries: maxRemembered });
  #tail: Promise<void> = Promise.resolve();
  #seq = 0;
  #stopped = false;
  #queued = 0;

  constructor(options: ApiEventRecorderOptions) {
    this.#o = options;
    this.#sink = 'sink' in options ? options.sink : clientEventSink(options.client);
  }

  event(obj: EventSubject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata ?? {};
    const involved: InvolvedObject = omitUndefined({ kind: obj.kind, namespace: m.namespace || undefined, name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion, fieldPath: obj.fieldPath });
    const fields = { type, reason, object: `${m.namespace ?? ''}/${m.name ?? ''}` };
    if (this.#stopped) {
      this.#o.logger.debug('event dropped: the recorder is stopped', fields);
      return;
    }
    if (this.#queued >= maxQueuedEvents) {
      this.#o.logger.debug('event dropped: the queue is full', fields);
      return;
    }
    const at = this.#o.clock.now();
    const correlation = this.#correlator.correlate({ involved, type, reason, message }, at.getTime());
    if (!correlation) {
      this.#o.logger.debug('event dropped by the spam filter', fields);
      return;
    }
    const write = { key: correlation.key, at, involved, type, reason, message: correlation.message };
    this.#queued++;
    this.#tail = this.#tail.then(() => this.#write(write)).catch((e: unknown) => {
      this.#o.logger.warn('event not recorded', { ...fields, error: errorMessage(e) });
    }).finally(() => { this.#queued--; });
  }

  /** Patches the Event last recorded under key, or creates one when there is none (or it was deleted). */
  async #write(w: { key: string; at: Date; involved: InvolvedObject; type: EventType; reason: string; message: string }): Promise<void> {
    const now = rfc3339(w.at);
    const prev = this.#recorded.get(w.key);
    if (prev) {
      const count = prev.count + 1;
      try {
        // As upstream, only count, message (which changes for combined events) and lastTimestamp change.
        await this.#sink.patch(prev.namespace, prev.name, { count, message: w.message, lastTimestamp: now });
        this.#recorded.set(w.key, { ...prev, count });
        return;
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    }
    const namespace = w.involved.namespace ?? 'default';
    // Unique per event, like client-go: the object's name and the time in nanoseconds as hex.
    const nanos = BigInt(w.at.getTime()) * 1_000_000n + BigInt(this.#seq++ % 1_000_000);
    const name = `${w.involved.name ?? ''}.${nanos.toString(16).padStart(16, '0')}`;
    const { component, host } = this.#o;
    await this.#sink.create({
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, involvedObject: w.involved, reason: w.reason, message: w.message, type: w.type,
      source: omitUndefined({ component, host }), firstTimestamp: now, lastTimestamp: now, count: 1, reportingComponent: component, reportingInstance: host ?? '',
    });
    this.#recorded.set(w.key, { namespace, name, count: 1 });
  }

  /** Waits for the writes queued so far. */
  flush(): Promise<void> {
    return this.#tail;
  }

  /** Drops events recorded from now on and waits for the ones queued before. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    await this.#tail;
  }
}

/** The fields that have a value; JSON leaves the others out anyway, this keeps the objects comparable in tests. */
function omitUndefined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
