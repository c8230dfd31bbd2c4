// InformerFactory (client-go's SharedInformerFactory): one informer per resource per process, shared by
// every controller that watches it, so each change is received and decoded once.
import type { KubeObject } from '../../api/index.js';
import type { Clock, Logger } from '../../util/index.js';
import type { Client, ResourceRef } from '../rest/client.js';
import { Informer } from './informer.js';

export interface InformerFactoryOptions {
  client: Client;
  clock: Clock;
  logger: Logger;
}

export class InformerFactory implements AsyncDisposable {
  readonly #o: InformerFactoryOptions;
  readonly #informers = new Map<string, Informer<object>>();

  constructor(options: InformerFactoryOptions) {
    this.#o = options;
  }

  /**
   * The shared informer for r (created on first use, not started: startWhenSynced starts it). T is the
   * kubernetes-types type of r's kind; every caller of one resource must agree on it.
   */
  informerFor<T extends object = KubeObject>(r: ResourceRef): Informer<T> {
    const key = `${r.group}/${r.version}/${r.plural}`;
    let i = this.#informers.get(key);
    if (!i) {
      i = new Informer<object>({ client: this.#o.client, resource: r, clock: this.#o.clock, logger: this.#o.logger });
      this.#informers.set(key, i);
    }
    return i as Informer<T>;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i[Symbol.asyncDispose]()));
  }
}
