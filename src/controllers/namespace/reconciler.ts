// Namespace deletion: empty a Terminating namespace, then remove the `kubernetes` finalizer so it goes.
import { isNotFound, lookupResource, type KubeObject } from '../../api/index.js';
import type { Client, Informer, Reconciler, ReconcileResult } from '../../client/index.js';
import type { Logger } from '../../util/index.js';
import { namespacedContentResources } from './content.js';

type Ns = KubeObject & { metadata: { name: string; deletionTimestamp?: string }; spec?: { finalizers?: string[] } };

export interface NamespaceReconcilerOptions {
  client: Client;
  namespaces: Pick<Informer, 'get'>;
  logger: Logger;
}

export class NamespaceReconciler implements Reconciler {
  readonly #o: NamespaceReconcilerOptions;
  constructor(options: NamespaceReconcilerOptions) {
    this.#o = options;
  }

  async reconcile(name: string): Promise<ReconcileResult | void> {
    const ns = this.#o.namespaces.get(name) as Ns | undefined;
    if (!ns?.metadata.deletionTimestamp) return;
    const { client } = this.#o;
    let remaining = 0;
    for (const r of namespacedContentResources()) {
      const list = await client.list(r, name);
      if (list.items.length === 0) continue;
      remaining += list.items.length;
      await client.deleteCollection(r, name);
    }
    if (remaining > 0) {
      this.#o.logger.debug('namespace still has content', { namespace: name, remaining });
      return { requeueAfterMs: 500 };
    }
    const fin = ns.spec?.finalizers ?? [];
    if (!fin.includes('kubernetes')) return;
    const nsDesc = lookupResource('', 'v1', 'namespaces')!;
    const next = structuredClone(ns) as Ns;
    next.spec = { ...(next.spec ?? {}), finalizers: fin.filter((f) => f !== 'kubernetes') };
    try {
      await client.update(nsDesc, next, 'finalize');
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }
}
