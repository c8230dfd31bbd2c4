// Volume expansion (upstream expand controller + external-resizer, for local-path volumes): a Bound claim
// whose request grew beyond its capacity gets its volume grown on its node while in use (a size-enforced volume's
// image and filesystem; a plain directory has nothing to grow), then its PV and its status. Volumes of other
// provisioners wait for their own resizer.
import type { PersistentVolumeClaimCondition } from 'kubernetes-types/core/v1.js';
import {
  annDynamicallyProvisioned, annotation, compareQuantities, isNotFound, quantityValue,
  type ClaimObject as Claim, type KubeObject, type VolumeObject as Volume,
} from '../../api/index.js';
import type { Client, EventRecorder, NodeVolumeHosts, SharedInformer } from '../../client/index.js';
import { errorMessage, rfc3339, type Clock } from '../../util/index.js';
import { localPathProvisioner } from './provision.js';
import { localVolumeOf, pvcResource, pvResource } from './provisioner.js';

export interface VolumeExpanderOptions {
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  claims: SharedInformer<Claim>;
  volumes: SharedInformer<Volume>;
  hosts: NodeVolumeHosts;
}

/** The size a Bound claim asks to grow to, or undefined when it needs no resize. */
export function pendingResize(claim: Claim): string | undefined {
  if (claim.status?.phase !== 'Bound') return undefined;
  const want = claim.spec?.resources?.requests?.['storage'];
  const have = claim.status.capacity?.['storage'];
  if (want === undefined || have === undefined) return undefined;
  try {
    return compareQuantities(want, have) > 0 ? want : undefined;
  } catch {
    return undefined;
  }
}

export class VolumeExpander {
  readonly #o: VolumeExpanderOptions;
  constructor(options: VolumeExpanderOptions) {
    this.#o = options;
  }

  async syncClaim(key: string): Promise<void> {
    const claim = this.#o.claims.get(key);
    if (!claim) return;
    const size = pendingResize(claim);
    if (size === undefined) return;
    const volume = this.#o.volumes.get(claim.spec?.volumeName ?? '');
    if (!volume) return;
    const { recorder, client } = this.#o;
    if (annotation(volume, annDynamicallyProvisioned) !== localPathProvisioner) {
      recorder.event(claim, 'Normal', 'ExternalExpanding', 'waiting for an external controller to expand this PVC');
      return;
    }
    const now = rfc3339(this.#o.clock.now());
    const inProgress = claim.status?.allocatedResourceStatuses?.['storage'] === 'ControllerResizeInProgress' && claim.status.allocatedResources?.['storage'] === size;
    if (!inProgress) {
      const resizing: PersistentVolumeClaimCondition = { type: 'Resizing', status: 'True', lastTransitionTime: now };
      const marked: Claim = await client.update(pvcResource, {
        ...claim,
        status: { ...claim.status, conditions: [resizing], allocatedResources: { storage: size }, allocatedResourceStatuses: { storage: 'ControllerResizeInProgress' } },
      }, 'status');
      recorder.event(marked, 'Normal', 'Resizing', `External resizer is resizing volume ${volume.metadata.name}`);
    }
    const local = localVolumeOf(this.#o.hosts, volume);
    try {
      if ('unserved' in local) throw new Error(local.unserved);
      await local.host.expandVolume(local.path, quantityValue(size));
    } catch (e: unknown) {
      recorder.event(claim, 'Warning', 'VolumeResizeFailed', `resize volume "${volume.metadata.name}" by resizer "${localPathProvisioner}" failed: ${errorMessage(e)}`);
      throw e;
    }
    if (volume.spec?.capacity?.['storage'] !== size) {
      await client.update(pvResource, { ...volume, spec: { ...volume.spec, capacity: { ...(volume.spec?.capacity ?? {}), storage: size } } });
    }
    // Finish on the live claim: others (the PV controller) may have written its status meanwhile.
    let done: Claim;
    try {
      const live: Claim = await client.get(pvcResource, claim.metadata.namespace, claim.metadata.name);
      const { conditions: _c, allocatedResourceStatuses: _s, ...rest } = live.status ?? {};
      done = await client.update(pvcResource, { ...live, status: { ...rest, allocatedResources: { storage: size }, capacity: { ...(rest.capacity ?? {}), storage: size } } }, 'status');
    } catch (e: unknown) {
      if (isNotFound(e)) return;
      throw e;
    }
    recorder.event(done, 'Normal', 'VolumeResizeSuccessful', 'Resize volume succeeded');
  }
}
