// Keeps the Local APIServices (upstream's autoregister, crdRegistration and local availability controllers): one
// per group-version this server serves itself (registry and API group providers, from its start; and the
// group-versions of established CustomResourceDefinitions, as they come and go), put back when deleted or changed,
// deleted when no longer served; every local APIService is Available (Local).
import { apiregistration, lookupResource, isAlreadyExists, isConflict, isNotFound } from '../../api/index.js';
import { controllerFor, type ControllerContext } from '../../client/index.js';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { automanagedLabel, customResourceGroupVersions, desiredLocalApiService, localStatus, registrationAction, type LocalGroupVersion } from './desired.js';

export { automanagedLabel, customResourceGroupVersions, desiredLocalApiService, localStatus, registrationAction, type LocalGroupVersion } from './desired.js';

const apiServicesR = lookupResource('apiregistration.k8s.io', 'v1', 'apiservices')!;
const crdsR = lookupResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;

export function startApiServiceRegistrationController(ctx: ControllerContext, options: { localGroupVersions: readonly LocalGroupVersion[] }): AsyncDisposable {
  // Every change of an APIService, its deletion included: a served one is put back.
  const b = controllerFor<apiregistration.APIService>(ctx, apiServicesR, { name: 'apiservice-registration', kind: 'APIService' });
  const apiServices = b.primary;
  // A CRD changing may add or remove a group-version: look at its APIServices (and every managed one) again.
  const crds = b.watches<CustomResourceDefinition>(crdsR, () => [
    ...fromCrds().keys(),
    ...apiServices.list().filter((s) => s.metadata?.labels?.[automanagedLabel] === 'true').map((s) => s.metadata?.name ?? ''),
  ]);
  const fromStart = new Map(options.localGroupVersions.map((gv) => {
    const obj = desiredLocalApiService(gv);
    return [obj.metadata?.name ?? '', obj] as const;
  }));
  const fromCrds = (): Map<string, apiregistration.APIService> => new Map(customResourceGroupVersions(crds.list()).map((gv) => {
    const obj = desiredLocalApiService(gv, 'true');
    return [obj.metadata?.name ?? '', obj] as const;
  }));
  const desired = { get: (name: string): apiregistration.APIService | undefined => fromStart.get(name) ?? fromCrds().get(name) };
  const running = b.complete({
    async reconcile(name: string) {
      let live = apiServices.get(name);
      const action = registrationAction(desired.get(name), live);
      try {
        switch (action.kind) {
          case 'none': break;
          case 'create': live = await ctx.client.create(apiServicesR, '', action.object); break;
          case 'update': live = await ctx.client.update(apiServicesR, action.object); break;
          case 'delete': await ctx.client.delete(apiServicesR, '', name); return undefined;
          default: { const never: never = action; return never; }
        }
        if (!live) return undefined;
        const status = localStatus(live, ctx.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
        if (status) await ctx.client.update(apiServicesR, { ...live, status }, 'status');
      } catch (e: unknown) {
        // Changed or deleted meanwhile: the informer event brings the key back with the new state.
        if (!isAlreadyExists(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
      return undefined;
    },
  }, { workers: 2 });
  // The group-versions served from the start: created (or checked) once the caches have synced.
  for (const name of fromStart.keys()) running.controller.enqueue(name);
  return running;
}
