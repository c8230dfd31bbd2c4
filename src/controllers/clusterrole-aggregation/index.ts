// The ClusterRole aggregation controller (upstream clusterrole-aggregation): every ClusterRole with an
// aggregationRule gets the union of the rules of the ClusterRoles its selectors match (rbac.aggregatedRules),
// written when it differs; any ClusterRole change re-checks the aggregating ones.
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { lookupResource, rbac, semanticEqual } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext, type ReconcileResult } from '../../client/index.js';

const clusterRolesR = lookupResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;

export function startClusterRoleAggregationController(ctx: ControllerContext): AsyncDisposable {
  const roles = ctx.informers.informerFor<ClusterRole>(clusterRolesR);
  const controller = new Controller({
    name: 'clusterrole-aggregation', workers: 1, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(name: string): Promise<ReconcileResult | undefined> {
        const role = roles.get(name);
        if (!role) return undefined;
        const rules = rbac.aggregatedRules(role, roles.list());
        if (rules === undefined || semanticEqual(role.rules ?? [], rules)) return undefined;
        await ctx.client.update(clusterRolesR, { ...role, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rules });
        return undefined;
      },
    },
  });
  const kickAggregators = (): void => {
    for (const r of roles.list()) if (r.aggregationRule) controller.enqueue(r.metadata?.name ?? '');
  };
  roles.addHandlers({ onAdd: kickAggregators, onUpdate: kickAggregators, onDelete: kickAggregators });
  return startWhenSynced([roles], [controller]);
}
