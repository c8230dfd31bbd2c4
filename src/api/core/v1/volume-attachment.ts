// Which of a pod's volumes must be attached to its node before the kubelet may mount them, and the rule for
// holding one volume on several nodes at once. Shared by the attach/detach controller (which attaches and
// reports Multi-Attach errors) and every kubelet (which waits for the attachment and reports what it uses).
//
// Upstream only attachable plugins (cloud disks, CSI with attach) take part. Skiff's volumes are directories,
// so it treats the one kind that behaves like a network disk as attachable: a PersistentVolume that no node
// affinity pins to a node (a hostPath PV any node could mount). Volumes pinned to a node (local, local-path)
// can only be used there anyway, so they never attach.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';

export interface AttachableVolume {
  /** The pod's name for the volume (spec.volumes[].name). */
  podVolume: string;
  /** The PersistentVolume's name (what upstream's messages call the volume). */
  pvName: string;
  /** The name in Node status volumesAttached/volumesInUse. */
  uniqueName: string;
  /** True when the volume may be attached to only one node at a time. */
  multiAttachForbidden: boolean;
}

export interface AttachmentLookup {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
}

/** The unique volume name of an attachable PV, as upstream forms them: `<plugin>/<volume>`. */
export function uniqueVolumeName(pv: PersistentVolume): string {
  return `kubernetes.io/host-path/${pv.metadata?.name ?? ''}`;
}

/** Whether a PV takes part in attach/detach: a hostPath volume without node affinity. */
export function isAttachable(pv: PersistentVolume): boolean {
  return pv.spec?.hostPath !== undefined && (pv.spec.nodeAffinity?.required?.nodeSelectorTerms ?? []).length === 0;
}

/**
 * Upstream's rule: with no access modes nothing is known and the attacher decides (allowed); ReadWriteMany or
 * ReadOnlyMany allow several nodes; otherwise (ReadWriteOnce, ReadWriteOncePod) one node at a time.
 */
export function isMultiAttachForbidden(pv: PersistentVolume): boolean {
  const modes = pv.spec?.accessModes ?? [];
  if (modes.length === 0) return false;
  return !modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany');
}

/** The PersistentVolumes the pod's claims are bound to (as the caches know them), with the pod's volume names, in spec order. */
export function boundVolumesOf(pod: Pod, lookup: AttachmentLookup): { podVolume: string; pv: PersistentVolume }[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const out: { podVolume: string; pv: PersistentVolume }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const claimName = v.persistentVolumeClaim?.claimName;
    const volumeName = claimName === undefined ? undefined : lookup.claim(ns, claimName)?.spec?.volumeName;
    const pv = volumeName ? lookup.volume(volumeName) : undefined;
    if (pv) out.push({ podVolume: v.name, pv });
  }
  return out;
}

/** The pod's volumes that must be attached to its node (bound claims to attachable PVs), in spec order. */
export function attachableVolumes(pod: Pod, lookup: AttachmentLookup): AttachableVolume[] {
  return boundVolumesOf(pod, lookup).filter(({ pv }) => isAttachable(pv))
    .map(({ podVolume, pv }) => ({ podVolume, pvName: pv.metadata?.name ?? '', uniqueName: uniqueVolumeName(pv), multiAttachForbidden: isMultiAttachForbidden(pv) }));
}

/** The kubelet's message when a pod's volumes are still not attached and mounted after its wait. */
export function attachMountTimeoutMessage(unmounted: readonly string[], unattached: readonly string[]): string {
  return `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${unattached.join(' ')}]: timed out waiting for the condition`;
}

/** How long the kubelet waits for a pod's volumes before it reports the timeout (upstream: 2m3s). */
export const attachMountTimeoutMs = 123_000;
