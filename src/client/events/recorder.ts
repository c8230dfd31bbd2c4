// Event recording for controllers (client-go's record package, behaviour only): core/v1 Events about an
// object, deduplicated by bumping count and lastTimestamp, written asynchronously in order, never throwing.
import { isNotFound, lookupResource, type KubeObject } from '../../api/index.js';
import { rfc3339, type Clock, type Logger } from '../../util/index.js';
import type { Client } from '../rest/client.js';

export type EventType = 'Normal' | 'Warning';

/** An object events can be about: anything with type and object metadata. */
export interface EventSubject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export interface EventRecorder {
  /** Records an Event about obj. Never throws and never waits: writes happen in the background, in order. */
  event(obj: EventSubject, type: EventType, reason: string, message: string): void;
}

export interface ApiEventRecorderOptions {
  client: Client;
  /** source.component / reportingComponent, shown by `kubectl describe` in the From column. */
  component: string;
  host?: string;
  clock: Clock;
  logger: Logger;
}

interface Seen {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
}

const eventsResource = lookupResource('', 'v1', 'events')!;
/** As client-go's EventCorrelator: remember this many distinct events for deduplication. */
const maxRemembered = 4096;

export class ApiEventRecorder implements EventRecorder, AsyncDisposable {
  readonly #o: ApiEventRecorderOptions;
  readonly #seen = new Map<string, Seen>();
  #tail: Promise<void> = Promise.resolve();
  #seq = 0;

  constructor(options: ApiEventRecorderOptions) {
    this.#o = options;
  }

  event(obj: EventSubject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata ?? {};
    const involved = {
      kind: obj.kind, ...(m.namespace ? { namespace: m.namespace } : {}), name: m.name, uid: m.uid, apiVersion: obj.apiVersion, resourceVersion: m.resourceVersion,
    };
    const key = JSON.stringify([this.#o.component, this.#o.host ?? '', obj.kind, m.namespace ?? '', m.name, m.uid, type, reason, message]);
    const at = this.#o.clock.now();
    this.#tail = this.#tail.then(() => this.#write(key, at, involved, type, reason, message)).catch((e: unknown) => {
      this.#o.logger.warn('event not recorded', { reason, object: `${m.namespace ?? ''}/${m.name ?? ''}`, error: e instanceof Error ? e.message : String(e) });
    });
  }

  async #write(key: string, at: Date, involved: Record<string, unknown>, type: EventType, reason: string, message: string): Promise<void> {
    const now = rfc3339(at);
    const prev = this.#seen.get(key);
    const { client } = this.#o;
    if (prev) {
      const count = prev.count + 1;
      try {
        await client.patch(eventsResource, prev.namespace, prev.name, { count, lastTimestamp: now }, 'merge');
        this.#remember(key, { ...prev, count });
        return;
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    }
    const namespace = (involved['namespace'] as string | undefined) ?? 'default';
    // Unique per event, like client-go: the object's name and a hex timestamp in nanoseconds.
    const nanos = BigInt(at.getTime()) * 1_000_000n + BigInt(this.#seq++ % 1_000_000);
    const name = `${String(involved['name'] ?? '')}.${nanos.toString(16)}`;
    const event: KubeObject = {
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, involvedObject: involved, reason, message, type,
      source: { component: this.#o.component, ...(this.#o.host ? { host: this.#o.host } : {}) },
      firstTimestamp: now, lastTimestamp: now, count: 1, reportingComponent: this.#o.component, reportingInstance: this.#o.host ?? '',
    };
    await client.create(eventsResource, namespace, event);
    this.#remember(key, { namespace, name, count: 1, firstTimestamp: now });
  }

  #remember(key: string, seen: Seen): void {
    this.#seen.delete(key);
    this.#seen.set(key, seen);
    if (this.#seen.size > maxRemembered) this.#seen.delete(this.#seen.keys().next().value!);
  }

  /** Waits for the writes queued so far. */
  flush(): Promise<void> {
    return this.#tail;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#tail;
  }
}
