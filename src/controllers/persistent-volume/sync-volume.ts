// syncVolume: the PV controller's decisions for one volume (upstream syncVolume + reclaimVolume): phases
// Available/Bound/Released, unbinding when the claim went elsewhere, and the Retain/Recycle/Delete policies.
import { updateVolumePhase } from './bind.js';
import type { PersistentVolumeEnv } from './env.js';
import { annBoundByController, annDynamicallyProvisioned, claimRefKey, hasAnnotation, type VolumeObject as Volume } from '../../api/index.js';
import { errorMessage } from '../../util/index.js';

export async function syncVolume(env: PersistentVolumeEnv, volume: Volume): Promise<void> {
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) {
    // Free, or reserved by the user for a claim that does not exist yet.
    await updateVolumePhase(env, volume, 'Available');
    return;
  }
  const key = claimRefKey(volume)!;
  // A claim missing from the cache may just be newer than it: ask the API before releasing anything.
  let claim = env.claim(key) ?? await env.fetchClaim(key);
  if (claim && claim.metadata.uid !== ref.uid) claim = undefined; // deleted and re-created: not our claim
  if (!claim) {
    let released = volume;
    if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') released = await updateVolumePhase(env, volume, 'Released');
    await reclaimVolume(env, released);
    return;
  }
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName === '') return; // a bind in flight: the claim's sync finishes it
  if (volumeName === volume.metadata.name) {
    await updateVolumePhase(env, volume, 'Bound');
    return;
  }
  // The claim is bound to another volume.
  if (hasAnnotation(volume, annDynamicallyProvisioned) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    const released = await updateVolumePhase(env, volume, 'Released');
    await reclaimVolume(env, released);
    return;
  }
  await unbindVolume(env, volume);
}

/** Clears the binding: the whole claimRef when the controller made it, else only its uid (the user's reservation stays). */
async function unbindVolume(env: PersistentVolumeEnv, volume: Volume): Promise<void> {
  const spec = { ...volume.spec };
  const annotations = { ...(volume.metadata.annotations ?? {}) };
  if (hasAnnotation(volume, annBoundByController)) {
    delete spec.claimRef;
    delete annotations[annBoundByController];
  } else {
    const { uid: _uid, ...rest } = spec.claimRef!;
    spec.claimRef = rest;
  }
  const updated = await env.updateVolume({ ...volume, metadata: { ...volume.metadata, annotations }, spec });
  await updateVolumePhase(env, updated, 'Available');
}

async function reclaimVolume(env: PersistentVolumeEnv, volume: Volume): Promise<void> {
  const policy = volume.spec?.persistentVolumeReclaimPolicy;
  switch (policy) {
    case 'Retain':
    case undefined:
      return;
    case 'Recycle':
      return recycleVolume(env, volume);
    case 'Delete':
      return deleteVolume(env, volume);
    default:
      await updateVolumePhase(env, volume, 'Failed', { type: 'Warning', reason: 'VolumeUnknownReclaimPolicy', message: 'Volume has unrecognized PersistentVolumeReclaimPolicy' });
  }
}

async function recycleVolume(env: PersistentVolumeEnv, volume: Volume): Promise<void> {
  if (volume.status?.phase !== 'Released') return;
  const ref = volume.spec!.claimRef!;
  const users = env.podsUsingClaim(ref.namespace ?? '', ref.name ?? '').map((p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`);
  if (users.length) {
    env.event(volume, 'Normal', 'VolumeFailedRecycle', `Volume is used by pods: ${users.sort().join(',')}`);
    return;
  }
  const recycle = env.plugins.recycler(volume);
  if (!recycle) {
    await updateVolumePhase(env, volume, 'Failed', { type: 'Warning', reason: 'VolumeFailedRecycle', message: 'No recycler plugin found for the volume!' });
    return;
  }
  try {
    await recycle();
  } catch (e: unknown) {
    await updateVolumePhase(env, volume, 'Failed', { type: 'Warning', reason: 'VolumeFailedRecycle', message: `Recycle failed: ${errorMessage(e)}` });
    return;
  }
  env.event(volume, 'Normal', 'VolumeRecycled', 'Volume recycled');
  await unbindVolume(env, volume);
}

async function deleteVolume(env: PersistentVolumeEnv, volume: Volume): Promise<void> {
  if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') return;
  const provisioner = volume.metadata.annotations?.[annDynamicallyProvisioned];
  // Provisioned by an external provisioner (every provisioner here is external): it deletes the volume.
  if (provisioner !== undefined && !provisioner.startsWith('kubernetes.io/')) return;
  let remove: (() => Promise<void>) | undefined;
  try {
    remove = env.plugins.deleter(volume);
  } catch (e: unknown) {
    await failDelete(env, volume, errorMessage(e));
    return;
  }
  if (!remove) {
    await failDelete(env, volume, `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`);
    return;
  }
  try {
    await remove();
  } catch (e: unknown) {
    await failDelete(env, volume, errorMessage(e));
    return;
  }
  await env.deleteVolume(volume);
}

/** Failed with a VolumeFailedDelete event; retried on every sync, as upstream (the event count grows). */
async function failDelete(env: PersistentVolumeEnv, volume: Volume, message: string): Promise<void> {
  if (volume.status?.phase === 'Failed') env.event(volume, 'Warning', 'VolumeFailedDelete', message);
  else await updateVolumePhase(env, volume, 'Failed', { type: 'Warning', reason: 'VolumeFailedDelete', message });
}
