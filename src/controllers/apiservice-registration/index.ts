// Keeps the Local APIServices (upstream's autoregister and local availability controllers): one per
// group-version this server serves itself (registry and API group providers), created at start, put back
// when deleted or changed, deleted when no longer served; every local APIService is Available (Local).
import { apiregistration, lookupResource, isAlreadyExists, isConflict, isNotFound } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext } from '../../client/index.js';
import { desiredLocalApiService, localStatus, registrationAction, type LocalGroupVersion } from './desired.js';

export { automanagedLabel, desiredLocalApiService, localStatus, registrationAction, type LocalGroupVersion } from './desired.js';

const apiServicesR = lookupResource('apiregistration.k8s.io', 'v1', 'apiservices')!;

export function startApiServiceRegistrationController(ctx: ControllerContext, options: { localGroupVersions: readonly LocalGroupVersion[] }): AsyncDisposable {
  const apiServices = ctx.informers.informerFor<apiregistration.APIService>(apiServicesR);
  const desired = new Map(options.localGroupVersions.map((gv) => {
    const obj = desiredLocalApiService(gv);
    return [obj.metadata?.name ?? '', obj] as const;
  }));
  const controller = new Controller({
    name: 'apiservice-registration', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
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
    },
  });
  const kick = (s: apiregistration.APIService): void => controller.enqueue(s.metadata?.name ?? '');
  apiServices.addHandlers({ onAdd: kick, onUpdate: kick, onDelete: kick });
  for (const name of desired.keys()) controller.enqueue(name);
  return startWhenSynced([apiServices], [controller]);
}
