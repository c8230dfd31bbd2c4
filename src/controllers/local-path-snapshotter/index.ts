// The local-path snapshotter: the csi-snapshotter sidecar's role for driver skiff.io/local-path. A content's
// snapshot is a consistent copy of the source volume's directory on its node, `<storageDir>/snapshots/<content>`
// (NodeVolumeHost.copyDirectory); its handle is `<node>:<path>`. Decisions are plan.ts's.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource, snapshot as s, type KubeObject } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type Client, type VolumeControllerContext } from '../../client/index.js';
import { ensureDefaultSnapshotClass } from './snapshot-class.js';
import { errorMessage, rfc3339 } from '../../util/index.js';
import { decideContent, snapshotPathFor } from './plan.js';

export { decideContent, localPathDriver, snapshotPathFor, type SnapshotterDecision } from './plan.js';
export { defaultSnapshotClass, defaultSnapshotClassName } from './snapshot-class.js';

type Content = s.VolumeSnapshotContent;

const contentsR = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotcontents')!;
const volumesR = lookupResource('', 'v1', 'persistentvolumes')!;
const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;

/** `classClient` creates the default VolumeSnapshotClass (with the cluster's authority, as the default StorageClass). */
export async function startLocalPathSnapshotter(ctx: VolumeControllerContext, options: { classClient?: Client } = {}): Promise<AsyncDisposable> {
  await ensureDefaultSnapshotClass(options.classClient ?? ctx.client);
  const b = controllerFor<Content>(ctx, contentsR, { name: 'local-path-snapshotter', kind: 'VolumeSnapshotContent', delayOf: addsAndUpdates });
  const contents = b.primary;
  const volumes = b.reads<PersistentVolume>(volumesR);
  const claims = b.reads<PersistentVolumeClaim>(claimsR);
  const { client, recorder, hosts } = ctx;
  const asObj = (o: object): KubeObject => o as unknown as KubeObject;
  const writeStatus = async (c: Content, status: NonNullable<Content['status']>): Promise<void> => {
    await client.update(contentsR, asObj({ ...c, status }), 'status');
  };
  const fail = async (c: Content, message: string): Promise<void> => {
    if (c.status?.error?.message === message) return;
    recorder.event(c, 'Warning', 'SnapshotCreationFailed', message);
    await writeStatus(c, { ...c.status, readyToUse: false, error: { time: rfc3339(ctx.clock.now()), message } });
  };
  const setFinalizers = async (c: Content, finalizers: string[]): Promise<void> => {
    await client.update(contentsR, asObj({ ...c, metadata: { ...c.metadata, finalizers } }));
  };
  return b.complete({
    async reconcile(name: string) {
      const c = contents.get(name);
      if (!c) return;
      const d = decideContent({ volume: (n) => volumes.get(n), claim: (ns, n) => claims.get(`${ns}/${n}`) }, c);
      try {
        switch (d.action) {
          case 'none': return;
          case 'addFinalizer': return await setFinalizers(c, [...(c.metadata.finalizers ?? []), s.volumeSnapshotContentFinalizer]);
          case 'finishDeletion': {
            if (d.deleteHandle) {
              const host = hosts.forNode(d.deleteHandle.node);
              if (!host) throw new Error(`Cannot delete snapshot "${name}": node "${d.deleteHandle.node}" is not served by a local volume host`);
              await host.removeDirectory(d.deleteHandle.path);
            }
            return await setFinalizers(c, (c.metadata.finalizers ?? []).filter((f) => f !== s.volumeSnapshotContentFinalizer));
          }
          case 'import':
            return await writeStatus(c, { snapshotHandle: d.handle, readyToUse: true, creationTime: ctx.clock.now().getTime() * 1e6 });
          case 'fail': return await fail(c, d.message);
          case 'take': {
            const host = hosts.forNode(d.node);
            if (!host) return await fail(c, `Failed to check and update snapshot content: failed to take snapshot of the volume ${c.spec.source.volumeHandle ?? ''}: node "${d.node}" is not served by a local volume host`);
            const target = snapshotPathFor(host.storageDir, name);
            const creationTime = ctx.clock.now().getTime() * 1e6;
            try {
              await host.removeDirectory(target); // a copy left by an interrupted sync is not this snapshot
              await host.copyDirectory(d.sourcePath, target);
            } catch (e: unknown) {
              return await fail(c, `Failed to check and update snapshot content: failed to take snapshot of the volume ${c.spec.source.volumeHandle ?? ''}: ${errorMessage(e)}`);
            }
            return await writeStatus(c, { snapshotHandle: s.formatSnapshotHandle({ node: d.node, path: target }), readyToUse: true, restoreSize: d.restoreSizeBytes, creationTime });
          }
          default: {
            const never: never = d;
            throw new TypeError(`Unknown snapshotter decision ${JSON.stringify(never)}`);
          }
        }
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    },
  }, { workers: ctx.workers ?? 4 });
}
