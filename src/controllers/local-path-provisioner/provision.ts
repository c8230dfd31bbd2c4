// The local-path provisioner's pure decisions (k3s/rancher local-path semantics over the upstream
// external-provisioner protocol): whether and where a claim is provisioned, and the PV it gets.
import {
  annDynamicallyProvisioned, annSelectedNode, annStorageProvisioner, annBetaStorageProvisioner, annotation, fsTypeParameter, isDeleting, quantityValue,
  type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../../api/index.js';
import type { VolumeSize } from '../../client/index.js';

export const localPathProvisioner = 'skiff.io/local-path';
/** HonorPVReclaimPolicy: a Delete volume keeps this finalizer until its directory is gone. */
export const provisionerFinalizer = 'external-provisioner.volume.kubernetes.io/finalizer';

export type ProvisionDecision =
  | { readonly action: 'skip' }
  | { readonly action: 'fail'; readonly message: string; readonly reschedule: boolean }
  | { readonly action: 'provision'; readonly node: string };

const supportedModes = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/** Whether the claim is one this provisioner should provision (not yet bound, not deleting, of our class). */
export function isOurs(claim: Claim, cls: Class | undefined): cls is Class {
  if ((claim.spec?.volumeName ?? '') !== '' || isDeleting(claim)) return false;
  const wanted = annotation(claim, annStorageProvisioner) ?? annotation(claim, annBetaStorageProvisioner);
  return wanted === localPathProvisioner && cls?.provisioner === localPathProvisioner;
}

/**
 * Whether this claim is ours to provision now, and where. `cls` is the claim's StorageClass; `sourceNode` the node
 * holding the claim's data source (a restore or clone is made there: an Immediate claim goes there, a selected node
 * elsewhere fails and is released for the scheduler to choose again).
 */
export function decideProvision(claim: Claim, cls: Class | undefined, options: { sourceNode?: string } = {}): ProvisionDecision {
  const skip = { action: 'skip' } as const;
  if (!isOurs(claim, cls)) return skip;
  const { sourceNode } = options;
  const selected = annotation(claim, annSelectedNode);
  if (selected === undefined && cls.volumeBindingMode === 'WaitForFirstConsumer') return skip; // the scheduler picks the node first
  const node = selected ?? sourceNode;
  const fail = (message: string): ProvisionDecision => ({ action: 'fail', message, reschedule: selected !== undefined });
  if (sourceNode !== undefined && node !== sourceNode) return fail(`the claim's data source is on node "${sourceNode}", not on the selected node "${node ?? ''}"`);
  if (claim.spec?.selector) return fail('claim Selector is not supported');
  if (claim.spec?.volumeMode === 'Block') return fail('Block volume mode is not supported');
  if ((claim.spec?.accessModes ?? []).some((m) => !supportedModes.has(m))) return fail('NodePath only supports ReadWriteOnce and ReadWriteOncePod access modes');
  if (node === undefined) return fail('configuration error, no node was specified');
  return { action: 'provision', node };
}

/** The size the node makes the volume (the claim's request) and its filesystem (the class's fstype parameter). */
export function volumeSizeFor(claim: Claim, cls: Class): VolumeSize {
  const request = claim.spec?.resources?.requests?.['storage'];
  const fsType = cls.parameters?.[fsTypeParameter];
  return { ...(request !== undefined ? { capacityBytes: quantityValue(request) } : {}), ...(fsType ? { fsType } : {}) };
}

export const volumeNameFor = (claim: Claim): string => `pvc-${claim.metadata.uid ?? ''}`;

/** `<storageDir>/pvc-<uid>_<namespace>_<name>`, the layout of k3s's local-path provisioner. */
export const volumePathFor = (storageDir: string, claim: Claim): string =>
  `${storageDir.replace(/\/+$/, '')}/${volumeNameFor(claim)}_${claim.metadata.namespace}_${claim.metadata.name}`;

/** The PV for a provisioned claim: pre-bound to it, pinned to the node, reclaim policy from the class. */
export function volumeFor(claim: Claim, cls: Class, options: { node: string; path: string }): Volume {
  const policy = cls.reclaimPolicy ?? 'Delete';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeNameFor(claim),
      annotations: { [annDynamicallyProvisioned]: localPathProvisioner, 'local.path.provisioner/selected-node': options.node },
      ...(policy === 'Delete' ? { finalizers: [provisionerFinalizer] } : {}),
    },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.['storage'] ?? '0' },
      accessModes: [...(claim.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: policy,
      storageClassName: cls.metadata.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(cls.mountOptions?.length ? { mountOptions: [...cls.mountOptions] } : {}),
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid!, resourceVersion: claim.metadata.resourceVersion! },
      hostPath: { path: options.path, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [options.node] }] }] } },
    },
  };
}

/** Whether a volume of ours is due for deletion: Released (or deleted) with the Delete policy. */
export function isDueForDeletion(volume: Volume): boolean {
  if (annotation(volume, annDynamicallyProvisioned) !== localPathProvisioner) return false;
  if (volume.spec?.persistentVolumeReclaimPolicy !== 'Delete') return false;
  return volume.status?.phase === 'Released' || volume.status?.phase === 'Failed';
}
