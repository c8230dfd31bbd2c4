// The CustomResourceDefinition controllers of the API server (upstream apiextensions-apiserver's naming,
// establishing and finalizer controllers): a CRD's names are accepted unless another CRD of its group holds
// them, and it is Established (served) once they are; a deleted CRD's resources are deleted, then its cleanup
// finalizer is removed so the CRD goes. The decisions are plan.ts's.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, isBuiltInResource, isConflict, isNotFound, lookupResource, type KubeObject } from '../../api/index.js';
import { controllerFor, objectKeyOf, type ControllerContext, type ResourceRef } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { planCleanup, planNamesStatus } from './plan.js';

const crdsR = lookupResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;

/** The CRD's resources at their storage version, as a client reads them. */
function storedResource(crd: CustomResourceDefinition): ResourceRef {
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec.names;
  return { group: crd.spec.group, version: apiextensions.storageVersion(crd) ?? crd.spec.versions[0]?.name ?? '', plural: names.plural, namespaced: crd.spec.scope !== 'Cluster', kind: names.kind };
}

export function startCustomResourceDefinitionControllers(ctx: ControllerContext): AsyncDisposable {
  // A CRD changing may free or take names another CRD of its group asked for: every change (its own included) looks
  // at the whole group again, so the CRD's own change does not enqueue it as such.
  const b = controllerFor<CustomResourceDefinition>(ctx, crdsR, { name: 'customresourcedefinition', kind: 'CustomResourceDefinition', delayOf: () => undefined });
  const crds = b.primary;
  b.watches<CustomResourceDefinition>(crdsR, ({ obj: c }) => crds.list().filter((o) => o.spec.group === c.spec.group).map((o) => objectKeyOf(o)));

  async function cleanup(crd: CustomResourceDefinition, now: string): Promise<{ requeueAfterMs: number } | undefined> {
    const r = storedResource(crd);
    let remaining: { namespace: string; name: string }[] = [];
    // The objects of a resource served built in are not the CRD's: deleting the CRD leaves them alone.
    if (apiextensions.isEstablished(crd) && !isBuiltInResource(r.group, r.plural)) {
      const list = await ctx.client.list(r);
      remaining = list.items.map((o) => ({ namespace: String(o.metadata?.['namespace'] ?? ''), name: String(o.metadata?.['name'] ?? '') }));
    }
    const step = planCleanup(crd, remaining, now);
    if (step.kind === 'none') return undefined;
    if (step.status) await ctx.client.update(crdsR, { ...crd, status: step.status } as unknown as KubeObject, 'status');
    if (step.kind === 'delete') {
      for (const o of step.objects) await ctx.client.delete(r, o.namespace, o.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
      // Resources with finalizers of their own stay until those are done: look again shortly.
      return { requeueAfterMs: 1000 };
    }
    const live = await ctx.client.get(crdsR, '', crd.metadata!.name!) as unknown as CustomResourceDefinition;
    const finalizers = (live.metadata?.finalizers ?? []).filter((f) => f !== apiextensions.customResourceCleanupFinalizer);
    await ctx.client.update(crdsR, { ...live, metadata: { ...live.metadata, finalizers } } as unknown as KubeObject);
    return undefined;
  }

  return b.complete({
    async reconcile(key: string) {
      const crd = crds.get(key);
      if (!crd?.metadata?.name) return;
      const now = rfc3339(ctx.clock.now());
      try {
        if (crd.metadata.deletionTimestamp) return await cleanup(crd, now);
        const status = planNamesStatus(crd, crds.list(), now);
        if (status) await ctx.client.update(crdsR, { ...crd, status } as unknown as KubeObject, 'status');
        return undefined;
      } catch (e: unknown) {
        if (isNotFound(e)) return undefined;
        if (isConflict(e)) throw new Error(`CustomResourceDefinition ${key} changed; retrying`, { cause: e });
        throw e;
      }
    },
  }, { workers: 2 });
}
