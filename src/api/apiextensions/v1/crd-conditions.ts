// CustomResourceDefinition status conditions: lookup and set (upstream apihelpers) and the condition values the
// naming, establishing and finalizing controllers and the registry's delete write (reasons and messages as upstream).
import type { CustomResourceDefinition, CustomResourceDefinitionCondition } from 'kubernetes-types/apiextensions/v1.js';

export type CrdConditionType = 'Established' | 'NamesAccepted' | 'NonStructuralSchema' | 'Terminating' | 'KubernetesAPIApprovalPolicyConformant';

/** The finalizer the registry adds on the first delete; the finalizing controller removes it once instances are gone. */
export const customResourceCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>;
const terminating = (status: 'True' | 'False', reason: string, message: string): Condition => ({ type: 'Terminating', status, reason, message });

/** Terminating condition values: the registry's delete (Pending) and the finalizing controller (the rest). */
export const terminatingConditions = {
  deletionPending: terminating('True', 'InstanceDeletionPending', 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon'),
  deletionInProgress: terminating('True', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress'),
  deletionCompleted: terminating('False', 'InstanceDeletionCompleted', 'removed all instances'),
  neverEstablished: terminating('False', 'NeverEstablished', 'resource was never established'),
  overlappingBuiltIn: terminating('False', 'OverlappingBuiltInResource', 'instances overlap with built-in resources in storage'),
  /** `could not list instances: <err>` or `could not issue all deletes: <err>`. */
  deletionFailed: (message: string): Condition => terminating('True', 'InstanceDeletionFailed', message),
  /** `could not confirm zero CustomResources remaining: <err>`. */
  deletionCheck: (err: string): Condition => terminating('True', 'InstanceDeletionCheck', `could not confirm zero CustomResources remaining: ${err}`),
} as const;

export function findCrdCondition(crd: CustomResourceDefinition, type: CrdConditionType): CustomResourceDefinitionCondition | undefined {
  return (crd.status?.conditions ?? []).find((c) => c.type === type);
}

export function isCrdConditionTrue(crd: CustomResourceDefinition, type: CrdConditionType): boolean {
  return findCrdCondition(crd, type)?.status === 'True';
}

/** Two conditions say the same thing (upstream IsCRDConditionEquivalent: transition time ignored). */
export function isCrdConditionEquivalent(a: Condition | undefined, b: Condition | undefined): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.status === b.status && (a.reason ?? '') === (b.reason ?? '') && (a.message ?? '') === (b.message ?? '');
}

/**
 * upstream SetCRDCondition on a copy: replaces the condition of the same type, keeping its lastTransitionTime
 * unless the status changes (then `now`). Returns the new list; does not mutate `conditions`.
 */
export function setCrdCondition(conditions: readonly CustomResourceDefinitionCondition[] | undefined, next: Condition, now: string): CustomResourceDefinitionCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const existing = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = existing && existing.status === next.status && existing.lastTransitionTime ? existing.lastTransitionTime : now;
  const cond: CustomResourceDefinitionCondition = { ...next, lastTransitionTime };
  if (i >= 0) list[i] = cond;
  else list.push(cond);
  return list;
}
