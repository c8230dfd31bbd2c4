// The service account controller (upstream "serviceaccount-controller"): every active namespace has a
// ServiceAccount named `default`, created with the namespace and again when it is deleted.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isForbidden, isNotFound, lookupResource } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext } from '../../client/index.js';

const namespacesR = lookupResource('', 'v1', 'namespaces')!;
const accountsR = lookupResource('', 'v1', 'serviceaccounts')!;

export const defaultServiceAccount = 'default';

export function startServiceAccountController(ctx: ControllerContext): AsyncDisposable {
  const namespaces = ctx.informers.informerFor<Namespace>(namespacesR);
  const accounts = ctx.informers.informerFor<ServiceAccount>(accountsR);
  const controller = new Controller({
    name: 'serviceaccount', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
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
    },
  });
  namespaces.addHandlers({ onAdd: (n) => controller.enqueue(n.metadata?.name ?? ''), onUpdate: (n) => controller.enqueue(n.metadata?.name ?? '') });
  accounts.addHandlers({ onDelete: (a) => { if (a.metadata?.name === defaultServiceAccount) controller.enqueue(a.metadata.namespace ?? ''); } });
  return startWhenSynced([namespaces, accounts], [controller]);
}
