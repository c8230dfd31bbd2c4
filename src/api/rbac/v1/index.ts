// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding and ClusterRoleBinding rules keyed by Kind.
import type { KindRules } from '../../meta/index.js';
import { clusterRoleBindingRules } from './cluster-role-binding.js';
import { clusterRoleRules } from './cluster-role.js';
import { roleBindingRules } from './role-binding.js';
import { roleRules } from './role.js';

export { roleRules } from './role.js';
export { clusterRoleRules } from './cluster-role.js';
export { roleBindingRules } from './role-binding.js';
export { clusterRoleBindingRules } from './cluster-role-binding.js';
export { validatePolicyRule } from './policy-rule.js';
export { rbacGroup } from './binding.js';

export const rbacV1Rules: Record<string, KindRules> = {
  Role: roleRules,
  ClusterRole: clusterRoleRules,
  RoleBinding: roleBindingRules,
  ClusterRoleBinding: clusterRoleBindingRules,
};
export * from './authorization.js';
export * from './bootstrap-policy.js';
export * from './reconcile.js';
