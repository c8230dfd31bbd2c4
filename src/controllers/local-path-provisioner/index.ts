// Local-path provisioner wiring: the default StorageClass, provisioning of claims annotated for
// skiff.io/local-path, deletion of released volumes, and expansion of their claims.
import { claimKey, lookupResource, type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume } from '../../api/index.js';
import { Controller, startWhenSynced, type Client, type Informer, type VolumeControllerContext } from '../../client/index.js';
import { VolumeExpander } from './expander.js';
import { LocalPathProvisioner, pvcResource, pvResource } from './provisioner.js';
import { ensureDefaultStorageClass } from './storage-class.js';

export { defaultStorageClass, defaultStorageClassName } from './storage-class.js';
export { localPathProvisioner, volumePathFor } from './provision.js';


/** `classClient` creates the default StorageClass (an add-on manifest upstream, applied with the cluster's authority). */
export async function startLocalPathProvisioner(ctx: VolumeControllerContext, options: { classClient?: Client } = {}): Promise<AsyncDisposable> {
  await ensureDefaultStorageClass(options.classClient ?? ctx.client);
  const informer = <T extends object>(r: typeof pvResource): Informer<T> => ctx.informers.informerFor<T>(r);
  const claims = informer<Claim>(pvcResource);
  const volumes = informer<Volume>(pvResource);
  const classes = informer<Class>(lookupResource('storage.k8s.io', 'v1', 'storageclasses')!);
  const provisioner = new LocalPathProvisioner({ client: ctx.client, recorder: ctx.recorder, hosts: ctx.hosts, claims, volumes, classes });
  const expander = new VolumeExpander({ client: ctx.client, recorder: ctx.recorder, clock: ctx.clock, claims, volumes });
  const workers = ctx.workers ?? 8;
  const claimQueue = new Controller({
    name: 'local-path-provisioner-claims', workers, clock: ctx.clock, logger: ctx.logger,
    reconciler: { reconcile: async (key: string) => { await provisioner.syncClaim(key); await expander.syncClaim(key); } },
  });
  const volumeQueue = new Controller({ name: 'local-path-provisioner-volumes', workers, clock: ctx.clock, logger: ctx.logger, reconciler: { reconcile: (name: string) => provisioner.syncVolume(name) } });
  claims.addHandlers({ onAdd: (o) => claimQueue.enqueue(claimKey(o)), onUpdate: (o) => claimQueue.enqueue(claimKey(o)) });
  volumes.addHandlers({
    onAdd: (o) => volumeQueue.enqueue(o.metadata.name),
    onUpdate: (o) => {
      const v = o;
      volumeQueue.enqueue(v.metadata.name);
      // A resize waits for the PV controller to have the claim Bound; a bound volume nudges its claim.
      if (v.spec?.claimRef?.name) claimQueue.enqueue(`${v.spec.claimRef.namespace ?? ''}/${v.spec.claimRef.name}`);
    },
  });
  return startWhenSynced([claims, volumes, classes], [claimQueue, volumeQueue]);
}
