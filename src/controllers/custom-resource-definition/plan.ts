// What the CustomResourceDefinition controllers (upstream apiextensions-apiserver's naming, establishing and
// finalizer controllers) want of one CRD, decided from the CRDs and its remaining resources. Pure.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames, CustomResourceDefinitionStatus } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions } from '../../api/index.js';

type Condition = CustomResourceDefinitionCondition;

/** Sets a condition, keeping its transition time when its status is unchanged (upstream SetCRDCondition). */
export function withCondition(conditions: readonly Condition[], c: Omit<Condition, 'lastTransitionTime'>, now: string): Condition[] {
  const old = conditions.find((x) => x.type === c.type);
  const next: Condition = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime ?? now : now };
  return old ? conditions.map((x) => (x.type === c.type ? next : x)) : [...conditions, next];
}

/** Names other CRDs of the group hold (their accepted names). */
function namesInUse(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[]): { resources: Set<string>; kinds: Set<string> } {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const o of all) {
    if (o.metadata?.name === crd.metadata?.name || o.spec.group !== crd.spec.group) continue;
    const a = o.status?.acceptedNames;
    if (!a) continue;
    for (const n of [a.plural, a.singular, ...a.shortNames ?? []]) if (n) resources.add(n);
    for (const n of [a.kind, a.listKind]) if (n) kinds.add(n);
  }
  return { resources, kinds };
}

/** upstream naming controller: the names accepted (or the conflict) for the CRD's requested names. */
export function acceptNames(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[]): { names: CustomResourceDefinitionNames; accepted: Omit<Condition, 'lastTransitionTime'> } {
  const req = crd.spec.names;
  const inUse = namesInUse(crd, all);
  const conflict = (reason: string, name: string): { names: CustomResourceDefinitionNames; accepted: Omit<Condition, 'lastTransitionTime'> } => ({
    names: crd.status?.acceptedNames ?? { plural: '', kind: '' },
    accepted: { type: 'NamesAccepted', status: 'False', reason, message: `"${name}" is already in use` },
  });
  if (inUse.resources.has(req.plural)) return conflict('PluralConflict', req.plural);
  const singular = req.singular || req.kind.toLowerCase();
  if (inUse.resources.has(singular)) return conflict('SingularConflict', singular);
  for (const s of req.shortNames ?? []) if (inUse.resources.has(s)) return conflict('ShortNamesConflict', s);
  if (inUse.kinds.has(req.kind)) return conflict('KindConflict', req.kind);
  const listKind = req.listKind || `${req.kind}List`;
  if (inUse.kinds.has(listKind)) return conflict('ListKindConflict', listKind);
  return { names: { ...req, singular, listKind }, accepted: { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' } };
}

/**
 * The status the naming and establishing controllers want: accepted names with NamesAccepted, and Established once
 * names are accepted (it stays so). Undefined when the status is already so.
 */
export function planNamesStatus(crd: CustomResourceDefinition, all: readonly CustomResourceDefinition[], now: string): CustomResourceDefinitionStatus | undefined {
  if (crd.metadata?.deletionTimestamp) return undefined;
  const { names, accepted } = acceptNames(crd, all);
  let conditions = withCondition(crd.status?.conditions ?? [], accepted, now);
  if (accepted.status === 'True' && !apiextensions.isEstablished(crd)) {
    conditions = withCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
  }
  const next: CustomResourceDefinitionStatus = { ...crd.status, acceptedNames: names, conditions, storedVersions: crd.status?.storedVersions ?? [] };
  return JSON.stringify(next) === JSON.stringify({ ...crd.status, storedVersions: crd.status?.storedVersions ?? [] }) ? undefined : next;
}

export type CleanupStep =
  | { readonly kind: 'none' }
  /** Delete these remaining resources (namespace '' for cluster-scoped), after marking the CRD InstanceDeletionInProgress. */
  | { readonly kind: 'delete'; readonly status: CustomResourceDefinitionStatus | undefined; readonly objects: readonly { namespace: string; name: string }[] }
  /** All gone: InstanceDeletionCompleted, and the finalizer removed. */
  | { readonly kind: 'finish'; readonly status: CustomResourceDefinitionStatus };

/** upstream finalizer controller: a deleted CRD's resources are deleted, then its cleanup finalizer goes. */
export function planCleanup(crd: CustomResourceDefinition, remaining: readonly { namespace: string; name: string }[], now: string): CleanupStep {
  if (!crd.metadata?.deletionTimestamp || !(crd.metadata.finalizers ?? []).includes(apiextensions.customResourceCleanupFinalizer)) return { kind: 'none' };
  const conditions = crd.status?.conditions ?? [];
  if (remaining.length) {
    const inProgress = withCondition(conditions, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now);
    const status = JSON.stringify(inProgress) === JSON.stringify(conditions) ? undefined : { ...crd.status, conditions: inProgress };
    return { kind: 'delete', status, objects: remaining };
  }
  return { kind: 'finish', status: { ...crd.status, conditions: withCondition(conditions, { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }, now) } };
}
