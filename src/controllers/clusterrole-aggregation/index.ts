// The ClusterRole aggregation controller (upstream clusterrole-aggregation): every ClusterRole with an
// aggregationRule gets the union of the rules of the ClusterRoles its selectors match (rbac.aggregatedRules),
// written when it differs; any ClusterRole change re-checks the aggregating ones.
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { lookupResource, rbac, semanticEqual } from '../../api/index.js';
import { controllerFor, type ControllerContext, type ReconcileResult } from '../../client/index.js';

const clusterRolesR = lookupResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;

export function startClusterRoleAggregationController(ctx: ControllerContext): AsyncDisposable {
  // A role's own change does not enqueue it as such: every change (its own included) enqueues the aggregating roles.
  const b = controllerFor<ClusterRole>(ctx, clusterRolesR, { name: 'clusterrole-aggregation', kind: 'ClusterRole', delayOf: () => undefined });
  const roles = b.primary;
  b.watches<ClusterRole>(clusterRolesR, () => roles.list().filter((r) => r.aggregationRule).map((r) => r.metadata?.name ?? ''));
  return b.complete({
    async reconcile(name: string): Promise<ReconcileResult | undefined> {
      const role = roles.get(name);
      if (!role) return undefined;
      const rules = rbac.aggregatedRules(role, roles.list());
      if (rules === undefined || semanticEqual(role.rules ?? [], rules)) return undefined;
      await ctx.client.update(clusterRolesR, { ...role, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rules });
      return undefined;
    },
  }, { workers: 1 });
}
