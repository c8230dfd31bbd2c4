// syncClaim: the PV controller's decisions for one claim (upstream syncUnboundClaim / syncBoundClaim):
// match or provision, wait for the first consumer, finish interrupted binds, detect lost volumes.
import { bind, updateClaimPhase } from './bind.js';
import type { PersistentVolumeEnv } from './env.js';
import {
  annBetaStorageClass, annBetaStorageProvisioner, annBindCompleted, annBoundByController, annSelectedNode, annStorageProvisioner,
  annotation, claimClass, hasAnnotation, isVolumeBoundToClaim, type ClaimObject as Claim,
} from '../../api/index.js';
import { volumeMismatch } from '../../api/index.js';

/** What the sync decided about requeueing: a Pending claim is re-evaluated periodically, as upstream resyncs. */
export type ClaimSyncResult = 'done' | 'pending';

/** Upstream's message for ExternalProvisioning (1.30+ wording). */
export const externalProvisioningMessage = (provisioner: string): string =>
  `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;

export async function syncClaim(env: PersistentVolumeEnv, claim: Claim): Promise<ClaimSyncResult> {
  if (!hasAnnotation(claim, annBindCompleted)) return syncUnboundClaim(env, claim);
  await syncBoundClaim(env, claim);
  return 'done';
}

/** WaitForFirstConsumer without a chosen node: the scheduler (or a test) must pick one first. */
function shouldDelayBinding(env: PersistentVolumeEnv, claim: Claim): boolean {
  if (hasAnnotation(claim, annSelectedNode)) return false;
  const name = claimClass(claim);
  if (name === '') return false;
  return env.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

async function syncUnboundClaim(env: PersistentVolumeEnv, claim: Claim): Promise<ClaimSyncResult> {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName !== '') return syncPreBoundClaim(env, claim, volumeName);
  const delay = shouldDelayBinding(env, claim);
  const selected = annotation(claim, annSelectedNode);
  const volume = env.volumes.findBestMatch(claim, { delayBinding: delay, ...(selected ? { node: env.node(selected) } : {}) });
  if (volume) {
    await bind(env, volume, claim);
    return 'done';
  }
  if (await assignDefaultClass(env, claim)) return 'pending';
  if (delay) {
    waitForConsumerEvent(env, claim);
  } else if (claimClass(claim) !== '') {
    await provisionClaim(env, claim);
  } else {
    env.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  }
  await updateClaimPhase(env, claim, 'Pending');
  return 'pending';
}

/** Retroactive default StorageClass (1.28+): a claim with an unset class that found no volume gets the default. */
async function assignDefaultClass(env: PersistentVolumeEnv, claim: Claim): Promise<boolean> {
  if (claim.spec?.storageClassName !== undefined && claim.spec.storageClassName !== null) return false;
  if (hasAnnotation(claim, annBetaStorageClass)) return false;
  const def = env.defaultClass();
  if (!def) return false;
  await env.updateClaim({ ...claim, spec: { ...claim.spec, storageClassName: def.metadata.name } });
  return true;
}

function waitForConsumerEvent(env: PersistentVolumeEnv, claim: Claim): void {
  const waiting = env.podsUsingClaim(claim.metadata.namespace, claim.metadata.name).filter((p) => !p.spec?.nodeName).map((p) => p.metadata?.name ?? '');
  if (waiting.length === 0) env.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  else env.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for ${waiting.length === 1 ? 'pod' : 'pods'} ${waiting.sort().join(',')} to be scheduled`);
}

/**
 * provisionClaimOperation, for a controller without in-tree provisioners: every provisioner is external, so
 * the claim gets the storage-provisioner annotations and an ExternalProvisioning event; `kubernetes.io/`
 * names have no plugin and fail.
 */
async function provisionClaim(env: PersistentVolumeEnv, claim: Claim): Promise<void> {
  const name = claimClass(claim);
  const cls = env.storageClass(name);
  if (!cls) {
    env.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
    return;
  }
  const provisioner = cls.provisioner;
  if (provisioner.startsWith('kubernetes.io/')) {
    env.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    return;
  }
  let current = claim;
  if (annotation(claim, annStorageProvisioner) !== provisioner || annotation(claim, annBetaStorageProvisioner) !== provisioner) {
    current = await env.updateClaim({
      ...claim,
      metadata: { ...claim.metadata, annotations: { ...(claim.metadata.annotations ?? {}), [annBetaStorageProvisioner]: provisioner, [annStorageProvisioner]: provisioner } },
    });
  }
  env.event(current, 'Normal', 'ExternalProvisioning', externalProvisioningMessage(provisioner));
}

async function syncPreBoundClaim(env: PersistentVolumeEnv, claim: Claim, volumeName: string): Promise<ClaimSyncResult> {
  const volume = env.volume(volumeName);
  if (!volume) {
    await updateClaimPhase(env, claim, 'Pending');
    return 'pending';
  }
  if (!volume.spec?.claimRef) {
    const reason = volumeMismatch(volume, claim);
    if (reason) {
      env.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${reason}`);
      await updateClaimPhase(env, claim, 'Pending');
      return 'pending';
    }
    await bind(env, volume, claim);
    return 'done';
  }
  if (isVolumeBoundToClaim(volume, claim)) {
    await bind(env, volume, claim);
    return 'done';
  }
  if (!hasAnnotation(claim, annBoundByController)) {
    env.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
    await updateClaimPhase(env, claim, 'Pending');
    return 'pending';
  }
  // The controller set volumeName and the volume went to someone else: upstream reports it as an error.
  throw new Error(`Invalid binding of claim "${claim.metadata.namespace}/${claim.metadata.name}" to volume "${volumeName}"`);
}

async function syncBoundClaim(env: PersistentVolumeEnv, claim: Claim): Promise<void> {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName === '') {
    await updateClaimPhase(env, claim, 'Lost', undefined, { type: 'Warning', reason: 'ClaimLost', message: 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!' });
    return;
  }
  const volume = env.volume(volumeName);
  if (!volume) {
    await updateClaimPhase(env, claim, 'Lost', undefined, { type: 'Warning', reason: 'ClaimLost', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' });
    return;
  }
  if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) {
    // Unbound volume (an interrupted bind, or the PV came back): finish the bind; else just keep status right.
    await bind(env, volume, claim);
    return;
  }
  await updateClaimPhase(env, claim, 'Lost', undefined, { type: 'Warning', reason: 'ClaimMisbound', message: 'Two claims are bound to the same volume, this one is bound incorrectly' });
}
