// The local-path provisioner's side effects: create the directory on the selected node and the PV for a
// claim; delete the directory and the PV when a Delete volume is released. Node work goes through
// NodeVolumeHosts, API work through the client; events as upstream's external-provisioner records them.
import {
  annSelectedNode, claimDataSourceOf, isAlreadyExists, isNotFound, lookupResource, pinnedNode, snapshot,
  type ClaimObject as Claim, type KubeObject, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../../api/index.js';
import type { Client, EventRecorder, NodeVolumeHost, NodeVolumeHosts, SharedInformer } from '../../client/index.js';
import { decideProvision, isDueForDeletion, isOurs, provisionerFinalizer, volumeFor, volumeNameFor, volumePathFor, volumeSizeFor } from './provision.js';
import { planDataSource, type DataSourceWorld } from './data-source.js';

const cloningProtectionFinalizer = snapshot.cloningProtectionFinalizer;
import { errorMessage } from '../../util/index.js';

export const pvResource = lookupResource('', 'v1', 'persistentvolumes')!;

/** The host serving a provisioned volume's node and the volume's directory there, or why there is none. */
export function localVolumeOf(hosts: NodeVolumeHosts, volume: Volume): { host: NodeVolumeHost; path: string } | { unserved: string } {
  const node = pinnedNode(volume);
  const host = node === undefined ? undefined : hosts.forNode(node);
  const path = volume.spec?.hostPath?.path;
  return host && path !== undefined ? { host, path } : { unserved: `node "${node ?? ''}" is not served by a local volume host` };
}
export const pvcResource = lookupResource('', 'v1', 'persistentvolumeclaims')!;

export interface LocalPathProvisionerOptions {
  client: Client;
  recorder: EventRecorder;
  hosts: NodeVolumeHosts;
  claims: SharedInformer<Claim>;
  volumes: SharedInformer<Volume>;
  classes: SharedInformer<Class>;
  snapshots: SharedInformer<snapshot.VolumeSnapshot>;
  contents: SharedInformer<snapshot.VolumeSnapshotContent>;
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
    if (!isOurs(claim, cls)) return;
    const name = volumeNameFor(claim);
    if (this.#o.volumes.get(name)) {
      this.#created.delete(name); // the cache has caught up; the PV controller binds it
      return;
    }
    if (this.#created.has(name)) return;
    const source = planDataSource(this.#world, claim);
    switch (source.kind) {
      case 'populator': return; // AnyVolumeDataSource: a populator fills this claim
      // Re-synced when the snapshot or the source claim changes (no backoff needed); the event says why it waits.
      case 'wait': case 'fail': return this.#fail(claim, cls, source.message, false);
      case 'none': case 'copy': break;
      default: { const never: never = source; throw new TypeError(`Unknown data source plan ${JSON.stringify(never)}`); }
    }
    const d = decideProvision(claim, cls, source.kind === 'copy' ? { sourceNode: source.node } : {});
    if (d.action === 'skip') return;
    if (d.action === 'fail') return this.#fail(claim, cls!, d.message, d.reschedule);
    const host = this.#o.hosts.forNode(d.node);
    if (!host) return this.#fail(claim, cls!, `node "${d.node}" is not served by a local volume host`, true);
    const { client, recorder } = this.#o;
    recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
    const path = volumePathFor(host.storageDir, claim);
    if (source.kind === 'copy' && source.sourceClaim) await this.#protectCloneSource(source.sourceClaim);
    try {
      const size = volumeSizeFor(claim, cls!);
      if (source.kind === 'copy') {
        await host.removeDirectory(path); // what an interrupted copy left
        await host.copyDirectory(source.sourcePath, path, size);
      } else {
        await host.createDirectory(path, size);
      }
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
    if (source.kind === 'copy' && source.sourceClaim) await this.#releaseCloneSource(source.sourceClaim, claim);
  }

  get #world(): DataSourceWorld {
    const o = this.#o;
    return {
      claim: (ns, n) => o.claims.get(`${ns}/${n}`),
      volume: (n) => o.volumes.get(n),
      snapshot: (ns, n) => o.snapshots.get(`${ns}/${n}`),
      content: (n) => o.contents.get(n),
    };
  }

  /** external-provisioner's cloning protection: the source claim stays while a clone of it is being made. */
  async #protectCloneSource(key: string): Promise<void> {
    const source = this.#o.claims.get(key);
    if (!source || (source.metadata.finalizers ?? []).includes(cloningProtectionFinalizer)) return;
    await this.#o.client.update(pvcResource, { ...source, metadata: { ...source.metadata, finalizers: [...(source.metadata.finalizers ?? []), cloningProtectionFinalizer] } });
  }

  /** Drops the cloning protection once no other claim is still being cloned from the source. */
  async #releaseCloneSource(key: string, done: Claim): Promise<void> {
    const [ns, name] = key.split('/') as [string, string];
    const cloning = this.#o.claims.list().some((c) => c.metadata.uid !== done.metadata.uid && c.metadata.namespace === ns && (c.spec?.volumeName ?? '') === ''
      && claimDataSourceOf(c)?.kind === 'PersistentVolumeClaim' && claimDataSourceOf(c)?.name === name);
    if (cloning) return;
    try {
      const live = await this.#o.client.get<Claim>(pvcResource, ns, name);
      const finalizers = (live.metadata.finalizers ?? []).filter((f) => f !== cloningProtectionFinalizer);
      if (finalizers.length === (live.metadata.finalizers ?? []).length) return;
      await this.#o.client.update(pvcResource, { ...live, metadata: { ...live.metadata, finalizers } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
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
    const local = localVolumeOf(this.#o.hosts, volume);
    if ('unserved' in local) {
      this.#o.recorder.event(volume, 'Warning', 'VolumeFailedDelete', local.unserved);
      throw new Error(`Cannot delete volume "${name}": ${local.unserved}`);
    }
    await local.host.removeDirectory(local.path);
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
