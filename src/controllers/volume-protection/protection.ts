// Storage-object-in-use protection (upstream pvc-protection and pv-protection controllers): a claim keeps
// `kubernetes.io/pvc-protection` while a scheduled pod references it; a volume keeps
// `kubernetes.io/pv-protection` while it is Bound. Both finalizers are added when missing.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, isDeleting, podClaimNames, type ClaimObject as Claim, type KubeObject, type ResourceDescriptor, type VolumeObject as Volume } from '../../api/index.js';
import type { Client } from '../../client/index.js';

export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';

/** A pod blocks its claims' deletion once scheduled, whatever its phase, until the pod object is gone. */
export function podUsesClaim(pod: Pod, claimName: string): boolean {
  return !!pod.spec?.nodeName && podClaimNames(pod).includes(claimName);
}

export type FinalizerAction = 'add' | 'remove' | 'none';

/** What to do with the claim's finalizer, given whether any pod uses it. */
export function claimFinalizerAction(claim: Claim, inUse: boolean): FinalizerAction {
  const has = (claim.metadata.finalizers ?? []).includes(pvcProtectionFinalizer);
  if (isDeleting(claim)) return has && !inUse ? 'remove' : 'none';
  return has ? 'none' : 'add';
}

/** What to do with the volume's finalizer: a Bound volume is in use. */
export function volumeFinalizerAction(volume: Volume): FinalizerAction {
  const has = (volume.metadata.finalizers ?? []).includes(pvProtectionFinalizer);
  if (isDeleting(volume)) return has && volume.status?.phase !== 'Bound' ? 'remove' : 'none';
  return has ? 'none' : 'add';
}

/**
 * Adds or removes one finalizer with an update of the cached object (upstream's protection controllers hold only
 * get/list/watch/update): a conflict retries from a fresh cache; a vanished object is fine.
 */
type Finalized = { metadata: { name: string; namespace?: string; resourceVersion?: string; finalizers?: string[] } };

export async function applyFinalizer(client: Client, r: ResourceDescriptor, obj: Finalized, finalizer: string, action: FinalizerAction): Promise<void> {
  if (action === 'none') return;
  const m = obj.metadata;
  const current = m.finalizers ?? [];
  const next = action === 'add' ? [...current, finalizer] : current.filter((f) => f !== finalizer);
  try {
    const { finalizers: _dropped, ...rest } = m;
    await client.update(r, { ...obj, metadata: next.length ? { ...rest, finalizers: next } : rest } as KubeObject);
  } catch (e: unknown) {
    if (isNotFound(e)) return;
    if (isConflict(e)) throw new Error(`Cannot update finalizers of "${m.name}": the object changed; retrying`, { cause: e });
    throw e;
  }
}
