// What the CustomResourceDefinition controllers (upstream apiextensions-apiserver's naming, establishing and
// finalizer controllers) want of one CRD, from the CRDs and its remaining resources. Pure; the naming and
// condition rules are api/apiextensions's.
import type { CustomResourceDefinition, CustomResourceDefinitionStatus } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions } from '../../api/index.js';

/**
 * The status the naming and establishing controllers want: the accepted names with NamesAccepted, then
 * Established once names are accepted (it stays so). Undefined when there is nothing to write.
 */
export function planNamesStatus(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[], now: string): CustomResourceDefinitionStatus | undefined {
  if (crd.metadata?.deletionTimestamp) return undefined;
  const naming = apiextensions.namingUpdate(crd, all);
  let status: CustomResourceDefinitionStatus = crd.status ?? {};
  if (naming) {
    let conditions = apiextensions.setCrdCondition(status.conditions, naming.namesAccepted, now);
    conditions = apiextensions.setCrdCondition(conditions, naming.established, now);
    status = { ...status, acceptedNames: naming.acceptedNames, conditions };
  }
  const named = { ...crd, status } as CustomResourceDefinition;
  if (apiextensions.shouldEstablish(named)) status = { ...status, conditions: apiextensions.setCrdCondition(status.conditions, apiextensions.establishedCondition, now) };
  return status === crd.status ? undefined : status;
}

export type CleanupStep =
  | { readonly kind: 'none' }
  /** Delete these remaining resources (namespace '' when cluster-scoped), with the CRD marked InstanceDeletionInProgress. */
  | { readonly kind: 'delete'; readonly status: CustomResourceDefinitionStatus | undefined; readonly objects: readonly { namespace: string; name: string }[] }
  /** All gone: InstanceDeletionCompleted (or NeverEstablished), and the finalizer removed. */
  | { readonly kind: 'finish'; readonly status: CustomResourceDefinitionStatus };

/** upstream finalizer controller: a deleted CRD's resources are deleted, then its cleanup finalizer goes. */
export function planCleanup(crd: CustomResourceDefinition, remaining: readonly { namespace: string; name: string }[], now: string): CleanupStep {
  if (!crd.metadata?.deletionTimestamp || !(crd.metadata.finalizers ?? []).includes(apiextensions.customResourceCleanupFinalizer)) return { kind: 'none' };
  const t = apiextensions.terminatingConditions;
  const conditions = crd.status?.conditions;
  if (!apiextensions.isEstablished(crd)) return { kind: 'finish', status: { ...crd.status, conditions: apiextensions.setCrdCondition(conditions, t.neverEstablished, now) } };
  if (remaining.length) {
    const inProgress = apiextensions.setCrdCondition(conditions, t.deletionInProgress, now);
    const changed = !apiextensions.isCrdConditionEquivalent(apiextensions.findCrdCondition(crd, 'Terminating'), t.deletionInProgress);
    return { kind: 'delete', status: changed ? { ...crd.status, conditions: inProgress } : undefined, objects: remaining };
  }
  return { kind: 'finish', status: { ...crd.status, conditions: apiextensions.setCrdCondition(conditions, t.deletionCompleted, now) } };
}
