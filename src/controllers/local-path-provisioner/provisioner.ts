// The local-path provisioner's side effects: create the directory on the selected node and the PV for a
// claim; delete the directory and the PV when a Delete volume is released. Node work goes through
// NodeVolumeHosts, API work through the client; events as upstream's external-provisioner records them.
import {
  annSelectedNode, isAlreadyExists, isNotFound, lookupResource, pinnedNode,
  type ClaimObject as Claim, type KubeObject, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../../api/index.js';
import type { Client, EventRecorder, NodeVolumeHosts, SharedInformer } from '../../client/index.js';
import { decideProvision, isDueForDeletion, provisionerFinalizer, volumeFor, volumeNameFor, volumePathFor, volumeSizeFor } from './provision.js';
import { errorMessage } from '../../util/index.js';

export const pvResource = lookupResource('', 'v1', 'persistentvolumes')!;
export const pvcResource = lookupResource('', 'v1', 'persistentvolumeclaims')!;

export interface LocalPathProvisionerOptions {
  client: Client;
  recorder: EventRecorder;
  hosts: NodeVolumeHosts;
  claims: SharedInformer<Claim>;
  volumes: SharedInformer<Volume>;
  classes: SharedInformer<Class>;
}

export class LocalPathProvisioner {
  readonly #o: LocalPathProvisionerOptions;
  /** Volumes this process created, so a stale cache does not provision (and announce) them twice. */
  readonly #created = new Set<string>();
  constructor(options: LocalPathProvisionerOptions) {
    this.#o = options;
  }

  /** Provisions the claim "ns/name" when it is ours and ready; throws to retry with backoff. */
  async syncClaim(key: string): Promise<void> {
    const claim = this.#o.claims.get(key);
    if (!claim) return;
    const cls = this.#o.classes.get(claim.spec?.storageClassName ?? '');
    const d = decideProvision(claim, cls);
    if (d.action === 'skip') return;
    const name = volumeNameFor(claim);
    if (this.#o.volumes.get(name)) {
      this.#created.delete(name); // the cache has caught up; the PV controller binds it
      return;
    }
    if (this.#created.has(name)) return;
    if (d.action === 'fail') return this.#fail(claim, cls!, d.message, d.reschedule);
    const host = this.#o.hosts.forNode(d.node);
    if (!host) return this.#fail(claim, cls!, `node "${d.node}" is not served by a local volume host`, true);
    const { client, recorder } = this.#o;
    recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
    const path = volumePathFor(host.storageDir, claim);
    try {
      await host.createDirectory(path, volumeSizeFor(claim, cls!));
    } catch (e: unknown) {
      // A type or size the node cannot make fails the same on every node.
      return this.#fail(claim, cls!, errorMessage(e), !(e instanceof RangeError));
    }
    try {
      await client.create(pvResource, '', volumeFor(claim, cls!, { node: d.node, path }));
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
    }
    this.#created.add(name);
    recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }

  /** ProvisioningFailed; a claim waiting for its first consumer loses its node so the scheduler can pick again. */
  async #fail(claim: Claim, cls: Class, message: string, reschedule: boolean): Promise<void> {
    this.#o.recorder.event(claim, 'Warning', 'ProvisioningFailed', `Failed to provision volume with StorageClass "${cls.metadata.name}": ${message}`);
    if (!reschedule || cls.volumeBindingMode !== 'WaitForFirstConsumer') return;
    const annotations = { ...(claim.metadata.annotations ?? {}) };
    delete annotations[annSelectedNode];
    try {
      await this.#o.client.update(pvcResource, { ...claim, metadata: { ...claim.metadata, annotations } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Deletes a released Delete volume of ours: its directory first, then the finalizer and the object. */
  async syncVolume(name: string): Promise<void> {
    const volume = this.#o.volumes.get(name);
    if (!volume) return;
    const hasFinalizer = (volume.metadata.finalizers ?? []).includes(provisionerFinalizer);
    if (hasFinalizer && volume.spec?.persistentVolumeReclaimPolicy !== 'Delete') return this.#removeFinalizer(volume);
    if (!isDueForDeletion(volume)) return;
    const node = pinnedNode(volume);
    const host = node === undefined ? undefined : this.#o.hosts.forNode(node);
    const path = volume.spec?.hostPath?.path;
    if (!host || path === undefined) {
      this.#o.recorder.event(volume, 'Warning', 'VolumeFailedDelete', `node "${node ?? ''}" is not served by a local volume host`);
      throw new Error(`Cannot delete volume "${name}": node "${node ?? ''}" is not served by a local volume host`);
    }
    await host.removeDirectory(path);
    if (hasFinalizer) await this.#removeFinalizer(volume);
    try {
      await this.#o.client.delete(pvResource, '', name, { preconditions: { uid: volume.metadata.uid! } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #removeFinalizer(volume: Volume): Promise<void> {
    const finalizers = (volume.metadata.finalizers ?? []).filter((f) => f !== provisionerFinalizer);
    try {
      await this.#o.client.patch(pvResource, '', volume.metadata.name, { metadata: { resourceVersion: volume.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } }, 'merge');
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }
}
