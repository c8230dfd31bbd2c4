// The common snapshot controller (external-snapshotter's snapshot-controller): binds VolumeSnapshots and
// VolumeSnapshotContents, creates `snapcontent-<uid>` for dynamic snapshots, mirrors the content's status into the
// snapshot, and keeps the protection finalizers. Decisions are plan.ts's; taking the snapshot is a snapshotter's
// (controllers/local-path-snapshotter for skiff.io/local-path).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { snapshot as s } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext, type EventRecorder } from '../../client/index.js';
import { DisposableStore, rfc3339 } from '../../util/index.js';
import { planContent, planSnapshot } from './plan.js';
import { cacheWorld, claimsR, classesR, contentsR, execute, snapshotsR, volumesR, type Caches } from './world.js';

export { planContent, planSnapshot, driverOfVolume, type World, type Step, type Action } from './plan.js';

const refKey = (c: s.VolumeSnapshotContent): string[] => {
  const r = c.spec.volumeSnapshotRef;
  return r.name ? [`${r.namespace ?? ''}/${r.name}`] : [];
};

export function startSnapshotController(ctx: ControllerContext & { recorder: EventRecorder; workers?: number }): AsyncDisposable {
  const running = new DisposableStore();
  const sb = controllerFor<s.VolumeSnapshot>(ctx, snapshotsR, { name: 'snapshot-controller-snapshots', kind: 'VolumeSnapshot' });
  const caches: Caches = {
    snapshots: sb.primary,
    contents: sb.watches<s.VolumeSnapshotContent>(contentsR, ({ obj }) => refKey(obj)),
    // A claim binding, or leaving Pending (a restore done), concerns the snapshots of its namespace.
    claims: sb.watches<PersistentVolumeClaim>(claimsR, ({ obj }) => sb.primary.list().filter((o) => o.metadata.namespace === obj.metadata?.namespace).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)),
    classes: sb.watches<s.VolumeSnapshotClass>(classesR, () => sb.primary.list().filter((o) => !o.status?.boundVolumeSnapshotContentName).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)),
    volumes: sb.reads<PersistentVolume>(volumesR),
  };
  const world = (): ReturnType<typeof cacheWorld> => cacheWorld(caches, rfc3339(ctx.clock.now()));
  running.add(sb.complete({
    async reconcile(key: string) {
      const snap = caches.snapshots.get(key);
      if (!snap) return;
      await execute(planSnapshot(world(), snap), { client: ctx.client, recorder: ctx.recorder, subjects: { snapshot: snap } });
    },
  }, { workers: ctx.workers ?? 4 }));

  const cb = controllerFor<s.VolumeSnapshotContent>(ctx, contentsR, { name: 'snapshot-controller-contents', kind: 'VolumeSnapshotContent', delayOf: addsAndUpdates });
  cb.watches<s.VolumeSnapshot>(snapshotsR, ({ obj }) => {
    const bound = obj.status?.boundVolumeSnapshotContentName ?? obj.spec.source.volumeSnapshotContentName;
    return bound ? [bound] : [];
  });
  running.add(cb.complete({
    async reconcile(name: string) {
      const content = caches.contents.get(name);
      if (!content) return;
      await execute(planContent(world(), content), { client: ctx.client, recorder: ctx.recorder, subjects: { content } });
    },
  }, { workers: ctx.workers ?? 4 }));
  return running;
}
