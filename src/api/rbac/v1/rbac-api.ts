// What other layers use of RBAC (exported from api as the `rbac` namespace): decisions, bootstrap policy, reconcile.
export * from './authorization.js';
export * from './bootstrap-policy.js';
export * from './reconcile.js';
export * from './aggregation.js';
export { controllerUser } from './component-policy.js';
export type { ClusterRole as ClusterRoleLike, ClusterRoleBinding as ClusterRoleBindingLike } from 'kubernetes-types/rbac/v1.js';
