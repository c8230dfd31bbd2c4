// Local-path provisioner wiring: the default StorageClass, provisioning of claims annotated for
// skiff.io/local-path, deletion of released volumes, and expansion of their claims.
import { claimDataSourceOf, lookupResource, snapshot, type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type Client, type VolumeControllerContext } from '../../client/index.js';
import { DisposableStore } from '../../util/index.js';
import { VolumeExpander } from './expander.js';
import { LocalPathProvisioner, pvcResource, pvResource } from './provisioner.js';
import { ensureDefaultStorageClass } from './storage-class.js';

export { defaultStorageClass, defaultStorageClassName } from './storage-class.js';
export { localPathProvisioner, volumePathFor } from './provision.js';


/** `classClient` creates the default StorageClass (an add-on manifest upstream, applied with the cluster's authority). */
export async function startLocalPathProvisioner(ctx: VolumeControllerContext, options: { classClient?: Client } = {}): Promise<AsyncDisposable> {
  await ensureDefaultStorageClass(options.classClient ?? ctx.client);
  const workers = ctx.workers ?? 8;
  const c = controllerFor<Claim>(ctx, pvcResource, { name: 'local-path-provisioner-claims', kind: 'PersistentVolumeClaim', delayOf: addsAndUpdates });
  const claims = c.primary;
  // A resize waits for the PV controller to have the claim Bound; a bound volume nudges its claim.
  const volumes = c.watches<Volume>(pvResource, (ch) => {
    const ref = ch.type === 'update' ? ch.obj.spec?.claimRef : undefined;
    return ref?.name ? [`${ref.namespace ?? ''}/${ref.name}`] : [];
  });
  const classes = c.reads<Class>(lookupResource('storage.k8s.io', 'v1', 'storageclasses')!);
  // Restores wait for their snapshot to be ready; clones for their source claim to be bound.
  const restoresFrom = (kind: string, apiGroup: string, ns: string | undefined, name: string | undefined): string[] =>
    claims.list().filter((o) => {
      const ds = claimDataSourceOf(o);
      return (o.spec?.volumeName ?? '') === '' && ds?.kind === kind && ds.apiGroup === apiGroup && ds.namespace === ns && ds.name === name;
    }).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const snapshots = c.watches<snapshot.VolumeSnapshot>(lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshots')!, ({ obj }) => restoresFrom('VolumeSnapshot', snapshot.snapshotGroup, obj.metadata.namespace, obj.metadata.name));
  c.watches<Claim>(pvcResource, ({ obj }) => restoresFrom('PersistentVolumeClaim', '', obj.metadata.namespace, obj.metadata.name));
  const contents = c.reads<snapshot.VolumeSnapshotContent>(lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotcontents')!);
  const provisioner = new LocalPathProvisioner({ client: ctx.client, recorder: ctx.recorder, hosts: ctx.hosts, claims, volumes, classes, snapshots, contents });
  const expander = new VolumeExpander({ client: ctx.client, recorder: ctx.recorder, clock: ctx.clock, claims, volumes, hosts: ctx.hosts });
  const running = new DisposableStore();
  running.add(c.complete({ reconcile: async (key: string) => { await provisioner.syncClaim(key); await expander.syncClaim(key); } }, { workers }));
  // Deletion of released volumes reads the volume only.
  const v = controllerFor<Volume>(ctx, pvResource, { name: 'local-path-provisioner-volumes', kind: 'PersistentVolume', delayOf: addsAndUpdates });
  running.add(v.complete({ reconcile: (name: string) => provisioner.syncVolume(name) }, { workers }));
  return running;
}
