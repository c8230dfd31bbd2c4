// Informer: list + watch one resource into an in-memory cache, calling handlers; relists on 410 and
// on stream end. The cache holds frozen objects: never mutate what it returns.
import { isGone, type KubeObject } from '../../api/index.js';
import { deepFreeze, type Clock, type Logger, errorMessage } from '../../util/index.js';
import type { Client, ResourceRef } from '../rest/client.js';

export interface InformerHandlers<T extends object = KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  client: Client;
  resource: ResourceRef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock: Clock;
  logger: Logger;
  /**
   * Deep-freeze cached objects so a controller that mutates one fails loudly. Defaults to on under the test
   * runner (NODE_TEST_CONTEXT, inherited by servers that tests start) and off otherwise: freezing every
   * object costs measurable CPU at scale.
   */
  freeze?: boolean;
}

export function objectKeyOf(obj: { metadata?: object }): string {
  const m = (obj.metadata ?? {}) as { name?: string; namespace?: string };
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : m.name ?? '';
}


/** T is the kubernetes-types type of the informer's kind (the cache holds what the server sends). */
export class Informer<T extends object = KubeObject> implements AsyncDisposable {
  readonly #o: InformerOptions;
  readonly #items = new Map<string, KubeObject>();
  readonly #handlers: InformerHandlers<T>[] = [];
  readonly #abort = new AbortController();
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #loop: Promise<void> | undefined;

  constructor(options: InformerOptions) {
    this.#o = options;
  }

  addHandlers(h: InformerHandlers<T>): void {
    this.#handlers.push(h);
    if (this.#synced) for (const o of this.#items.values()) h.onAdd?.(o as unknown as T);
  }

  /** The cached object (frozen: never mutate it). */
  get(key: string): T | undefined {
    return this.#items.get(key) as T | undefined;
  }

  list(): T[] {
    return [...this.#items.values()] as unknown as T[];
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  waitForSync(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  #apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: KubeObject): void {
    const key = objectKeyOf(raw);
    const old = this.#items.get(key) as T | undefined;
    const obj = raw as unknown as T;
    if (type === 'DELETED') {
      this.#items.delete(key);
      for (const h of this.#handlers) h.onDelete?.(obj);
      return;
    }
    if (this.#o.freeze ?? process.env['NODE_TEST_CONTEXT'] !== undefined) deepFreeze(raw);
    this.#items.set(key, raw);
    for (const h of this.#handlers) {
      if (old) h.onUpdate?.(obj, old);
      else h.onAdd?.(obj);
    }
  }

  async #run(): Promise<void> {
    const { client, resource, clock, logger } = this.#o;
    const sel = { ...(this.#o.labelSelector ? { labelSelector: this.#o.labelSelector } : {}), ...(this.#o.fieldSelector ? { fieldSelector: this.#o.fieldSelector } : {}) };
    let rv = '';
    while (!this.#abort.signal.aborted) {
      try {
        if (rv === '') {
          const list = await client.list(resource, this.#o.namespace, sel);
          const seen = new Set<string>();
          for (const o of list.items) {
            seen.add(objectKeyOf(o));
            const old = this.#items.get(objectKeyOf(o));
            if (!old || (old.metadata as { resourceVersion?: string }).resourceVersion !== (o.metadata as { resourceVersion?: string }).resourceVersion) this.#apply(old ? 'MODIFIED' : 'ADDED', o);
          }
          for (const [k, o] of [...this.#items]) if (!seen.has(k)) this.#apply('DELETED', o);
          rv = list.resourceVersion;
          if (!this.#synced) {
            this.#synced = true;
            for (const w of this.#syncWaiters.splice(0)) w();
          }
        }
        await client.watch(resource, this.#o.namespace, { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300), signal: this.#abort.signal, ...sel }, (ev) => {
          if (ev.type === 'ERROR') {
            const code = (ev.object as { code?: number }).code;
            if (code === 410) rv = '';
            return;
          }
          const newRv = (ev.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
          if (newRv) rv = newRv;
          if (ev.type === 'BOOKMARK') return;
          this.#apply(ev.type, ev.object);
        });
      } catch (e: unknown) {
        if (this.#abort.signal.aborted) return;
        if (isGone(e)) rv = '';
        logger.warn('informer watch failed; retrying', { resource: resource.plural, error: errorMessage(e) });
        await clock.sleep(1000, { signal: this.#abort.signal });
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#abort.abort();
    await this.#loop?.catch(() => undefined);
  }
}
