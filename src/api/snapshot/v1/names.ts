// The names the snapshot controllers and the provisioners agree on (external-snapshotter pkg/utils): finalizers,
// annotations, content names, and the local-path snapshot handle `<node>:<absolute path>`.
export const isDefaultSnapshotClassAnnotation = 'snapshot.storage.kubernetes.io/is-default-class';
/** On a snapshot while a restore or clone uses it (the PVC controller side of upstream). */
export const volumeSnapshotAsSourceFinalizer = 'snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection';
export const volumeSnapshotBoundFinalizer = 'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection';
export const volumeSnapshotContentFinalizer = 'snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection';
/** On a source claim while a snapshot of it is being taken. */
export const pvcAsSourceFinalizer = 'snapshot.storage.kubernetes.io/pvc-as-source-protection';
/** On a claim used as the source of a clone until the clone is provisioned (external-provisioner). */
export const cloningProtectionFinalizer = 'provisioner.storage.kubernetes.io/cloning-protection';
/** Set by the common controller on a content it wants the sidecar to delete. */
export const annVolumeSnapshotBeingDeleted = 'snapshot.storage.kubernetes.io/volumesnapshot-being-deleted';
/** Set by the sidecar while it creates the snapshot (cleared once the handle is known). */
export const annVolumeSnapshotBeingCreated = 'snapshot.storage.kubernetes.io/volumesnapshot-being-created';

/** The content a dynamically provisioned snapshot gets: `snapcontent-<snapshot uid>`. */
export const contentNameFor = (snapshotUid: string): string => `snapcontent-${snapshotUid}`;

/** A local-path snapshot handle: the node that holds the copy and the copy's absolute path there. */
export interface LocalSnapshotHandle {
  readonly node: string;
  readonly path: string;
}

export function formatSnapshotHandle(h: LocalSnapshotHandle): string {
  return `${h.node}:${h.path}`;
}

/** Parses `<node name>:<absolute path>`; undefined when the handle is not of that form. */
export function parseSnapshotHandle(handle: string): LocalSnapshotHandle | undefined {
  const i = handle.indexOf(':');
  if (i <= 0) return undefined;
  const path = handle.slice(i + 1);
  if (!path.startsWith('/') || path === '/' || path.split('/').includes('..')) return undefined;
  return { node: handle.slice(0, i), path };
}

/** The driver (and provisioner) name of Skiff's local-path volumes and their snapshots. */
export const localPathDriver = 'skiff.io/local-path';
