// The RBAC bootstrap at start (upstream's rbac/bootstrap-roles post-start hook): the default ClusterRoles and
// ClusterRoleBindings are created or reconciled (rbac.reconcile*) through the registry before the server
// reports ready, so every component finds its permissions from its first request.
import { isApiError, lookupResource, rbac, type KubeObject } from '../../api/index.js';
import type { Logger } from '../../util/index.js';
import { internalContext } from '../registry/context.js';
import type { GenericStore } from '../registry/generic-store.js';

const rolesR = lookupResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
const bindingsR = lookupResource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')!;

async function getOrUndefined(store: GenericStore, desc: typeof rolesR, name: string): Promise<KubeObject | undefined> {
  try {
    return await store.get(desc, '', name);
  } catch (e: unknown) {
    if (isApiError(e) && e.code === 404) return undefined;
    throw e;
  }
}

export async function bootstrapRbac(storeFor: (d: typeof rolesR) => GenericStore, logger: Logger): Promise<void> {
  const ctx = internalContext('skiff-rbac-bootstrap');
  const roles = storeFor(rolesR);
  for (const desired of rbac.bootstrapClusterRoles()) {
    const name = desired.metadata?.name ?? '';
    const live = await getOrUndefined(roles, rolesR, name);
    const action = rbac.reconcileClusterRole(desired, live as rbac.ClusterRoleLike | undefined);
    if (action.kind === 'create') await roles.create(rolesR, '', action.object as unknown as KubeObject, ctx);
    else if (action.kind === 'update') {
      logger.info('reconciled bootstrap ClusterRole', { name });
      await roles.update(rolesR, '', name, action.object as unknown as KubeObject, ctx, { kind: 'main' });
    }
  }
  const bindings = storeFor(bindingsR);
  for (const desired of rbac.bootstrapClusterRoleBindings()) {
    const name = desired.metadata?.name ?? '';
    const live = await getOrUndefined(bindings, bindingsR, name);
    const action = rbac.reconcileClusterRoleBinding(desired, live as unknown as rbac.ClusterRoleBindingLike | undefined, rbac.retiredBindingSubjects[name]);
    if (action.kind === 'create') {
      // A changed roleRef cannot be updated: the binding is recreated.
      if (live) await bindings.delete(bindingsR, '', name, {}, ctx);
      await bindings.create(bindingsR, '', action.object as unknown as KubeObject, ctx);
    } else if (action.kind === 'update') {
      logger.info('reconciled bootstrap ClusterRoleBinding', { name });
      await bindings.update(bindingsR, '', name, action.object as unknown as KubeObject, ctx, { kind: 'main' });
    }
  }
}
