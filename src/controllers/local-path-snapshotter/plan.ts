// The local-path snapshotter's decisions (the csi-snapshotter sidecar's role for skiff.io/local-path), pure: for
// one VolumeSnapshotContent, take the snapshot (copy the source volume's directory on its node), import a
// pre-provisioned handle, or finish a deletion (remove the copy when the policy is Delete).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { tryParseQuantity, pinnedNode, snapshot as s } from '../../api/index.js';

export const localPathDriver = 'skiff.io/local-path';

type Content = s.VolumeSnapshotContent;

export type SnapshotterDecision =
  | { readonly action: 'none' }
  | { readonly action: 'addFinalizer' }
  /** Remove the finalizer, after deleting the copy at `handle` when there is one to delete. */
  | { readonly action: 'finishDeletion'; readonly deleteHandle?: s.LocalSnapshotHandle }
  /** Copy `sourcePath` on `node` to `<storageDir>/snapshots/<content name>`. */
  | { readonly action: 'take'; readonly node: string; readonly sourcePath: string; readonly restoreSizeBytes: number }
  | { readonly action: 'import'; readonly handle: string }
  | { readonly action: 'fail'; readonly message: string };

export interface SnapshotterWorld {
  volume(name: string): PersistentVolume | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
}

const isDeleting = (c: Content): boolean => c.metadata.deletionTimestamp !== undefined && c.metadata.deletionTimestamp !== null;

/** upstream shouldDelete: an unbound pre-provisioned content, or one the common controller marked. */
function shouldDelete(c: Content): boolean {
  if (c.spec.source.snapshotHandle !== undefined && !c.spec.volumeSnapshotRef.uid) return true;
  return c.metadata.annotations?.[s.annVolumeSnapshotBeingDeleted] !== undefined;
}

/** The bytes of a quantity, 0 when it is absent or unparsable. */
function bytesOf(q: string | undefined): number {
  return Number(tryParseQuantity(q)?.integerValue() ?? 0);
}

/** The directory and node of a local-path (or hostPath/local) volume. */
function localPathOf(pv: PersistentVolume): { node: string; path: string } | undefined {
  const node = pinnedNode(pv);
  const path = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
  return node !== undefined && path !== undefined ? { node, path } : undefined;
}

export function decideContent(w: SnapshotterWorld, c: Content): SnapshotterDecision {
  if (c.spec.driver !== localPathDriver) return { action: 'none' };
  const hasFinalizer = (c.metadata.finalizers ?? []).includes(s.volumeSnapshotContentFinalizer);
  if (isDeleting(c)) {
    if (!hasFinalizer || !shouldDelete(c)) return { action: 'none' };
    const handle = c.status?.snapshotHandle ?? c.spec.source.snapshotHandle;
    const parsed = handle === undefined ? undefined : s.parseSnapshotHandle(handle);
    return c.spec.deletionPolicy === 'Delete' && parsed ? { action: 'finishDeletion', deleteHandle: parsed } : { action: 'finishDeletion' };
  }
  if (!hasFinalizer) return { action: 'addFinalizer' };
  if (c.status?.snapshotHandle !== undefined) return { action: 'none' };
  const failed = (m: string): SnapshotterDecision => ({ action: 'fail', message: `Failed to check and update snapshot content: ${m}` });
  const pre = c.spec.source.snapshotHandle;
  if (pre !== undefined) {
    return s.parseSnapshotHandle(pre) ? { action: 'import', handle: pre } : failed(`snapshot handle "${pre}" is not of the form "<node name>:<absolute path>"`);
  }
  const volumeHandle = c.spec.source.volumeHandle ?? '';
  const pv = c.spec.source.volumeHandle === undefined ? undefined : w.volume(volumeHandle);
  if (!pv) return failed(`failed to take snapshot of the volume ${volumeHandle}: "persistentvolume \\"${volumeHandle}\\" not found"`);
  const local = localPathOf(pv);
  if (!local) return failed(`failed to take snapshot of the volume ${volumeHandle}: the volume is not a local-path volume pinned to one node`);
  const ref = pv.spec?.claimRef;
  const claim = ref?.name ? w.claim(ref.namespace ?? '', ref.name) : undefined;
  const restoreSizeBytes = bytesOf(claim?.status?.capacity?.['storage'] ?? pv.spec?.capacity?.['storage']);
  return { action: 'take', node: local.node, sourcePath: local.path, restoreSizeBytes };
}

/** Where a snapshot of content `name` is kept on a node whose volumes live in `storageDir`. */
export const snapshotPathFor = (storageDir: string, name: string): string => `${storageDir.replace(/\/+$/, '')}/snapshots/${name}`;
