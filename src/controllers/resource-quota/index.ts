// The resource quota controller (upstream resource_quota_controller.go): keeps every ResourceQuota's status —
// hard mirrors spec.hard, used is recounted from the informer caches of the kinds it tracks (pods, services,
// claims, object counts, count/<resource>.<group>). Recounts when a quota's spec changes, when tracked objects
// are deleted or stop using quota, and for every quota each resync period (upstream: 5 minutes). Admission
// charges new objects; this controller gives back what is freed and corrects drift. The quotas are the builder's
// primary (with its resync); the tracked kinds' informers stay hand-wired: they start on demand when a quota first
// tracks the kind and the workers do not wait for them (a sync on an unsynced cache looks again shortly).
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import {
  calculateUsage, evaluatorFor, evaluatorsForQuota, isConflict, lookupResource, parseResourceList, quotaScopes, resourceNames, resources,
  type KubeObject, type ResourceDescriptor,
} from '../../api/index.js';
import { controllerFor, objectKeyOf, type ControllerContext, type Informer, type ReconcileResult } from '../../client/index.js';
import { nextQuotaStatus, quotaNeedsSync, updateFreesQuota } from './status.js';

const quotasR = lookupResource('', 'v1', 'resourcequotas')!;

/** Upstream --resource-quota-sync-period. */
export const defaultQuotaResyncMs = 5 * 60_000;
/** How soon to look again while a tracked kind's cache has not synced. */
const notSyncedRetryMs = 500;

const namespaceOf = (o: KubeObject): string => (o.metadata as { namespace?: string } | undefined)?.namespace ?? '';

/** The preferred served version of group/resource, for counting it. */
function descriptorOf(group: string, resource: string): ResourceDescriptor | undefined {
  return resources.find((r) => r.group === group && r.plural === resource && r.persisted && r.namespaced);
}

export function startResourceQuotaController(ctx: ControllerContext, options: { resyncMs?: number } = {}): AsyncDisposable {
  const { client, clock } = ctx;
  // A new quota, or a change of what it limits; every resync period recounts every quota.
  const b = controllerFor<ResourceQuota>(ctx, quotasR, {
    name: 'resourcequota', kind: 'ResourceQuota', resyncMs: options.resyncMs ?? defaultQuotaResyncMs,
    delayOf: (c) => (c.type === 'add' || (c.type === 'update' && quotaNeedsSync(c.obj, c.old)) ? 0 : undefined),
  });
  const quotas = b.primary;
  /** Informers of tracked kinds, started when a quota first tracks the kind. */
  const tracked = new Map<string, Informer<KubeObject>>();

  const enqueueQuotasTracking = (group: string, resource: string, namespace: string): void => {
    const evaluator = evaluatorFor(group, resource);
    for (const q of quotas.list()) {
      if (q.metadata?.namespace !== namespace) continue;
      if (evaluator.matchingResources(Object.keys(q.spec?.hard ?? {})).length) running.controller.enqueue(objectKeyOf(q));
    }
  };

  function informerOf(group: string, resource: string): Informer<KubeObject> | undefined {
    const key = `${group}/${resource}`;
    const known = tracked.get(key);
    if (known) return known;
    const desc = descriptorOf(group, resource);
    if (!desc) return undefined;
    const inf = ctx.informers.informerFor<KubeObject>(desc);
    tracked.set(key, inf);
    inf.addHandlers({
      onUpdate: (obj, old) => { if (updateFreesQuota(group, resource, obj, old, clock.nowMs())) enqueueQuotasTracking(group, resource, namespaceOf(obj)); },
      onDelete: (obj) => enqueueQuotasTracking(group, resource, namespaceOf(obj)),
    });
    inf.start();
    return inf;
  }

  const running = b.complete({
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      const quota = quotas.get(key);
      if (!quota?.metadata?.name) return undefined;
      const namespace = quota.metadata.namespace ?? '';
      const hard = parseResourceList(quota.spec?.hard);
      let waiting = false;
      for (const { evaluator } of evaluatorsForQuota(resourceNames(hard))) {
        const inf = informerOf(evaluator.group, evaluator.resource);
        if (inf && !inf.hasSynced) waiting = true;
      }
      const { used } = calculateUsage(hard, quotaScopes(quota as KubeObject), (group, resource) => {
        const inf = informerOf(group, resource);
        return inf?.hasSynced ? inf.list().filter((o) => namespaceOf(o) === namespace) : undefined;
      }, clock.nowMs());
      const status = nextQuotaStatus(quota, used);
      if (status) {
        try {
          // Against the cached resourceVersion: a charge admission made meanwhile wins, and we count again.
          await client.update(quotasR, { ...quota, status }, 'status');
        } catch (e: unknown) {
          if (!isConflict(e)) throw e;
          return { requeueAfterMs: 0 };
        }
      }
      return waiting ? { requeueAfterMs: notSyncedRetryMs } : undefined;
    },
  }, { workers: 2 });
  return running;
}
