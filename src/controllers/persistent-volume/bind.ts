// Binding a claim and a volume, in upstream's order of four writes: volume claimRef, volume phase, claim
// volumeName + annotations, claim status. Each step is skipped when already done, so a bind interrupted
// at any point (crash, conflict) completes on the next sync.
import type { PersistentVolumeClaimStatus, PersistentVolumeStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../../util/index.js';
import type { EventType } from '../../client/index.js';
import type { PersistentVolumeEnv } from './env.js';
import { annBindCompleted, annBoundByController, hasAnnotation, isVolumeBoundToClaim, type ClaimObject as Claim, type VolumeObject as Volume } from '../../api/index.js';

type VolumePhase = NonNullable<PersistentVolumeStatus['phase']>;
type ClaimPhase = NonNullable<PersistentVolumeClaimStatus['phase']>;

function withAnnotation<T extends Volume | Claim>(obj: T, key: string): T {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [key]: 'yes' } } };
}

/** Sets the volume's phase (with lastPhaseTransitionTime and an optional message), recording an event on change. */
export async function updateVolumePhase(env: PersistentVolumeEnv, volume: Volume, phase: VolumePhase, event?: { type: EventType; reason: string; message: string }): Promise<Volume> {
  if (volume.status?.phase === phase) return volume;
  const status: PersistentVolumeStatus = { phase, lastPhaseTransitionTime: rfc3339(env.now()) };
  if (event && phase === 'Failed') status.message = event.message;
  const out = await env.updateVolumeStatus({ ...volume, status });
  if (event) env.event(out, event.type, event.reason, event.message);
  return out;
}

/** Sets the claim's phase; for Bound also its accessModes and capacity from the volume. Records an event on change. */
export async function updateClaimPhase(env: PersistentVolumeEnv, claim: Claim, phase: ClaimPhase, volume?: Volume, event?: { type: EventType; reason: string; message: string }): Promise<Claim> {
  const status: PersistentVolumeClaimStatus = { ...(claim.status ?? {}), phase };
  let dirty = claim.status?.phase !== phase;
  if (volume) {
    const modes = volume.spec?.accessModes ?? [];
    if (JSON.stringify(status.accessModes ?? []) !== JSON.stringify(modes)) {
      status.accessModes = [...modes];
      dirty = true;
    }
    // Capacity is taken on the transition to Bound only: later the expander owns it (a resize in flight).
    const cap = volume.spec?.capacity?.['storage'];
    const taking = claim.status?.phase !== 'Bound' || status.capacity?.['storage'] === undefined;
    if (cap !== undefined && taking && status.capacity?.['storage'] !== cap) {
      status.capacity = { ...(volume.spec?.capacity ?? {}) };
      dirty = true;
    }
  }
  if (!dirty) return claim;
  const out = await env.updateClaimStatus({ ...claim, status });
  if (event && claim.status?.phase !== phase) env.event(out, event.type, event.reason, event.message);
  return out;
}

/** Step 1: claimRef (with uid and resourceVersion); bound-by-controller unless the user pre-bound the volume. */
async function bindVolumeToClaim(env: PersistentVolumeEnv, volume: Volume, claim: Claim): Promise<Volume> {
  const ref = volume.spec?.claimRef;
  const userPreBound = isVolumeBoundToClaim(volume, claim);
  const refDone = ref?.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && ref.uid === claim.metadata.uid;
  const annDone = userPreBound || hasAnnotation(volume, annBoundByController);
  if (refDone && annDone) return volume;
  let next: Volume = volume;
  if (!refDone) {
    next = {
      ...next,
      spec: {
        ...next.spec,
        claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid!, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion! },
      },
    };
  }
  if (!annDone) next = withAnnotation(next, annBoundByController);
  env.volumes.reserve(volume.metadata.name);
  try {
    return await env.updateVolume(next);
  } finally {
    env.volumes.release(volume.metadata.name);
  }
}

/** Step 3: volumeName (bound-by-controller when the controller chose the volume) and bind-completed. */
async function bindClaimToVolume(env: PersistentVolumeEnv, claim: Claim, volume: Volume): Promise<Claim> {
  let next: Claim = claim;
  let dirty = false;
  if (claim.spec?.volumeName !== volume.metadata.name) {
    next = withAnnotation({ ...next, spec: { ...next.spec, volumeName: volume.metadata.name } }, annBoundByController);
    dirty = true;
  }
  if (!hasAnnotation(next, annBindCompleted)) {
    next = withAnnotation(next, annBindCompleted);
    dirty = true;
  }
  return dirty ? env.updateClaim(next) : claim;
}

/** bind: idempotent; throws on a failed write (the caller requeues). */
export async function bind(env: PersistentVolumeEnv, volume: Volume, claim: Claim): Promise<void> {
  let v = await bindVolumeToClaim(env, volume, claim);
  v = await updateVolumePhase(env, v, 'Bound');
  const c = await bindClaimToVolume(env, claim, v);
  await updateClaimPhase(env, c, 'Bound', v);
}
