// The service account controller (upstream "serviceaccount-controller"): every active namespace has a
// ServiceAccount named `default`, created with the namespace and again when it is deleted.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isForbidden, isNotFound, lookupResource } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';

const namespacesR = lookupResource('', 'v1', 'namespaces')!;
const accountsR = lookupResource('', 'v1', 'serviceaccounts')!;

export const defaultServiceAccount = 'default';

export function startServiceAccountController(ctx: ControllerContext): AsyncDisposable {
  const b = controllerFor<Namespace>(ctx, namespacesR, { name: 'serviceaccount', kind: 'Namespace', delayOf: addsAndUpdates });
  const namespaces = b.primary;
  // The default account deleted: its namespace gets it again.
  const accounts = b.watches<ServiceAccount>(accountsR, (c) => (c.type === 'delete' && c.obj.metadata?.name === defaultServiceAccount ? [c.obj.metadata.namespace ?? ''] : []));
  return b.complete({
    async reconcile(ns: string) {
      const namespace = namespaces.get(ns);
      if (!namespace || namespace.metadata?.deletionTimestamp || namespace.status?.phase === 'Terminating') return undefined;
      if (accounts.get(`${ns}/${defaultServiceAccount}`)) return undefined;
      try {
        await ctx.client.create(accountsR, ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: defaultServiceAccount, namespace: ns } });
      } catch (e: unknown) {
        // Created meanwhile, or the namespace began terminating: nothing to do.
        if (!isAlreadyExists(e) && !isForbidden(e) && !isNotFound(e)) throw e;
      }
      return undefined;
    },
  }, { workers: 2 });
}
