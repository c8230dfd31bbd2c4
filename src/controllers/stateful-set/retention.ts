// persistentVolumeClaimRetentionPolicy (upstream isClaimOwnerUpToDate / updateClaimOwnerRefForSetAndPod):
// which owner references a claim of the set should carry so that the garbage collector deletes it when
// the set is deleted (whenDeleted: Delete) or its pod is scaled away (whenScaled: Delete). Pure.
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { controllerRefTo, type Owner } from '../../client/index.js';
import { setOwner, type SetObject } from './identity.js';

export type ClaimOwnerDecision =
  | { readonly kind: 'ok' }
  | { readonly kind: 'update'; readonly ownerReferences: OwnerReference[] }
  /** Another controller owns the claim: the policy is ignored for it (Warning ConflictingController). */
  | { readonly kind: 'conflict'; readonly owner: OwnerReference };

const podOwner = (pod: Pod): Owner => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', uid: pod.metadata?.uid ?? '' } });

/** A reference to an owner of the same kind and name but another uid: that owner is gone and the GC has the claim. */
function hasStaleRef(refs: readonly OwnerReference[], o: Owner): boolean {
  return refs.some((r) => r.kind === o.kind && r.name === o.metadata.name && r.uid !== o.metadata.uid);
}

export function claimOwners(set: SetObject, claim: PersistentVolumeClaim, pod: Pod, podInRange: boolean): ClaimOwnerDecision {
  const refs = claim.metadata?.ownerReferences ?? [];
  const so = setOwner(set);
  const po = podOwner(pod);
  if (hasStaleRef(refs, so) || (po.metadata.uid !== '' && hasStaleRef(refs, po))) return { kind: 'ok' };
  const foreign = refs.find((r) => r.controller && r.uid !== so.metadata.uid && r.uid !== po.metadata.uid);
  if (foreign) return { kind: 'conflict', owner: foreign };
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const deleteWithSet = policy.whenDeleted === 'Delete';
  const deleteWithPod = policy.whenScaled === 'Delete' && !podInRange;
  // A claim has at most one controller: a condemned pod's claim moves from the set to the pod.
  const wantSet = deleteWithSet && !deleteWithPod;
  const wantPod = deleteWithPod && po.metadata.uid !== '';
  const hasSet = refs.some((r) => r.uid === so.metadata.uid);
  const hasPod = po.metadata.uid !== '' && refs.some((r) => r.uid === po.metadata.uid);
  if (hasSet === wantSet && hasPod === wantPod) return { kind: 'ok' };
  const next = refs.filter((r) => r.uid !== so.metadata.uid && (po.metadata.uid === '' || r.uid !== po.metadata.uid)).map((r) => ({ ...r }));
  if (wantSet) next.push(controllerRefTo(so));
  if (wantPod) next.push(controllerRefTo(po));
  return { kind: 'update', ownerReferences: next };
}

/** A claim still owned by an earlier pod of the same name: the GC is deleting it, so the new pod must wait. */
export function claimIsStale(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => r.kind === 'Pod' && r.name === pod.metadata?.name && r.uid !== (pod.metadata?.uid ?? ''));
}
