// The kubelet's check before it mounts a pod's PersistentVolumes (upstream MountVolume.NodeAffinity): a volume
// whose required node affinity excludes the pod's node cannot be used there. The pod then stays
// ContainerCreating with a FailedMount event per attempt, as upstream; it never runs. Shared by every kubelet.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { nodeSelectorMatches, type NodeIdentity } from './node-selector.js';
import { boundVolumesOf, type AttachmentLookup } from './volume-attachment.js';

/** The names of the pod's bound PersistentVolumes that the node may not use, in spec order. */
export function volumeNodeAffinityConflicts(pod: Pod, node: NodeIdentity, lookup: AttachmentLookup): string[] {
  return boundVolumesOf(pod, lookup).filter(({ pv }) => !nodeSelectorMatches(pv.spec?.nodeAffinity?.required, node)).map(({ pv }) => pv.metadata?.name ?? '');
}

/** The kubelet's FailedMount message for a volume its node may not use (upstream's wording). */
export const nodeAffinityCheckFailedMessage = (pvName: string): string =>
  `MountVolume.NodeAffinity check failed for volume "${pvName}" : no matching NodeSelectorTerms`;
