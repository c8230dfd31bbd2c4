// The annotations and small readers the PV controller, provisioners, expanders and the scheduler agree on
// (upstream component-helpers/storage/volume): one place for every literal.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';

export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const annDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const annBetaStorageClass = 'volume.beta.kubernetes.io/storage-class';
export const notSupportedProvisioner = 'kubernetes.io/no-provisioner';

export type VolumeObject = PersistentVolume & { metadata: { name: string } };
export type ClaimObject = PersistentVolumeClaim & { metadata: { name: string; namespace: string } };
export type StorageClassObject = StorageClass & { metadata: { name: string } };

export function hasAnnotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string): boolean {
  return obj.metadata?.annotations?.[key] !== undefined;
}

export function annotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string): string | undefined {
  return obj.metadata?.annotations?.[key];
}

/** The claim's class for matching: the beta annotation wins; unset and "" both mean "no class". */
export function claimClass(claim: ClaimObject): string {
  return annotation(claim, annBetaStorageClass) ?? claim.spec?.storageClassName ?? '';
}

export function volumeClass(volume: VolumeObject): string {
  return annotation(volume, annBetaStorageClass) ?? volume.spec?.storageClassName ?? '';
}

export const claimKey = (claim: { metadata: { namespace: string; name: string } }): string => `${claim.metadata.namespace}/${claim.metadata.name}`;

/** "ns/name" of the claim a volume's claimRef names, or undefined. */
export function claimRefKey(volume: VolumeObject): string | undefined {
  const ref = volume.spec?.claimRef;
  return ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined;
}

/** IsVolumeBoundToClaim: claimRef names the claim and its uid is empty or the claim's. */
export function isVolumeBoundToClaim(volume: VolumeObject, claim: ClaimObject): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

export const isDeleting = (obj: { metadata?: { deletionTimestamp?: string } }): boolean => obj.metadata?.deletionTimestamp !== undefined;

/** The node a volume is pinned to by a `kubernetes.io/hostname In [node]` affinity term (local and local-path volumes). */
export function pinnedNode(volume: Pick<PersistentVolume, 'spec'>): string | undefined {
  for (const t of volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length === 1) return e.values[0];
  }
  return undefined;
}
