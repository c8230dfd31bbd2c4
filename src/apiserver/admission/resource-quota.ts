// The ResourceQuota admission plugin (upstream's, the last in the chain): a request that would take a namespace
// past one of its quotas is rejected with upstream's 403; an admitted one is charged first, by writing the
// quotas' status.used with optimistic concurrency, so concurrent creates (on this or another API server) cannot
// both take the last unit. Requests of one namespace are serialized here to keep conflicts rare; a conflicting
// write re-reads that quota and checks again. Dry runs are checked, not charged.
import {
  checkRequest, evaluatorFor, forbidden, formatResourceList, isConflict, parseResourceList, quotaScopes,
  type KubeObject, type QuotaState, type ResourceList,
} from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export interface QuotaAccess {
  /** The namespace's quotas as the watch cache has them. */
  list(namespace: string): KubeObject[];
  /** A live read, after a write conflicted. */
  getLive(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Writes quota.status if the stored quota still has quota's resourceVersion; throws a Conflict ApiError otherwise. */
  writeStatus(quota: KubeObject): Promise<void>;
}

/** Upstream retries a conflicting charge three times before failing the request. */
const maxAttempts = 4;

const nameOf = (o: KubeObject): string => (o.metadata as { name?: string } | undefined)?.name ?? '';

function stateOf(q: KubeObject): QuotaState {
  const status = (q['status'] ?? {}) as { hard?: unknown; used?: unknown };
  return { name: nameOf(q), hard: parseResourceList(status.hard), used: parseResourceList(status.used), scopes: quotaScopes(q) };
}

/** Runs admissions of one namespace one after the other. */
class NamespaceQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  run<T>(namespace: string, work: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(namespace) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.#tails.set(namespace, tail);
    void tail.then(() => { if (this.#tails.get(namespace) === tail) this.#tails.delete(namespace); });
    return next;
  }
}

export function resourceQuotaAdmission(access: QuotaAccess, options: { nowMs: () => number }): Admission {
  const queue = new NamespaceQueue();
  return {
    admit(op, desc, obj, old, attrs) {
      if (op === 'DELETE' || !desc.namespaced) return undefined;
      const subresource = attrs?.subresource ?? '';
      const evaluator = evaluatorFor(desc.group, desc.plural);
      if (!evaluator.handles(op, subresource, obj, old)) return undefined;
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
      const namespace = meta.namespace ?? '';
      // Only quotas tracking something this kind uses can matter: others do not serialize the namespace's creates.
      const relevant = access.list(namespace).some((q) => evaluator.matchingResources(Object.keys(((q['status'] ?? {}) as { hard?: object }).hard ?? {})).length > 0);
      if (!relevant) return undefined;
      const reject = (message: string) => forbidden({ group: desc.group, resource: desc.plural }, meta.name ?? '', message);
      return queue.run(namespace, async () => {
        let quotas = access.list(namespace);
        for (let attempt = 1; ; attempt++) {
          const decision = checkRequest(quotas.map(stateOf), evaluator, { op, subresource, obj, old, nowMs: options.nowMs() });
          if (!decision.allowed) throw reject(decision.message);
          if (attrs?.ctx.dryRun || decision.charges.size === 0) return;
          const conflicted = await charge(quotas, decision.charges);
          if (conflicted.length === 0) return;
          if (attempt >= maxAttempts) throw conflicted[0]!.error;
          // The quotas already charged are done; only the conflicting ones are checked again, as upstream.
          quotas = (await Promise.all(conflicted.map((c) => access.getLive(namespace, c.name)))).filter((q): q is KubeObject => q !== undefined);
          if (quotas.length === 0) return;
        }
      });
    },
  };

  async function charge(quotas: readonly KubeObject[], charges: ReadonlyMap<string, ResourceList>): Promise<{ name: string; error: unknown }[]> {
    const conflicted: { name: string; error: unknown }[] = [];
    for (const q of quotas) {
      const used = charges.get(nameOf(q));
      if (!used) continue;
      const status = (q['status'] ?? {}) as { hard?: unknown };
      try {
        await access.writeStatus({ ...q, status: { hard: status.hard, used: formatResourceList(used) } });
      } catch (e: unknown) {
        if (!isConflict(e)) throw e;
        conflicted.push({ name: nameOf(q), error: e });
      }
    }
    return conflicted;
  }
}
