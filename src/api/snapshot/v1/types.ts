// snapshot.storage.k8s.io/v1 object types (kubernetes-csi/external-snapshotter client/apis/volumesnapshot/v1):
// kubernetes-types has none, so they are declared here, field for field as upstream's Go types serialize.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

export const snapshotGroup = 'snapshot.storage.k8s.io';

export interface VolumeSnapshotSource {
  persistentVolumeClaimName?: string;
  volumeSnapshotContentName?: string;
}

export interface VolumeSnapshotError {
  /** RFC 3339 time. */
  time?: string;
  message?: string;
}

export interface VolumeSnapshot {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { source: VolumeSnapshotSource; volumeSnapshotClassName?: string };
  status?: {
    boundVolumeSnapshotContentName?: string;
    /** RFC 3339 time. */
    creationTime?: string;
    readyToUse?: boolean;
    /** A quantity ("1Gi"). */
    restoreSize?: string;
    error?: VolumeSnapshotError;
    volumeGroupSnapshotName?: string;
  };
}

export type DeletionPolicy = 'Delete' | 'Retain';

export interface VolumeSnapshotContent {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    volumeSnapshotRef: { apiVersion?: string; kind?: string; namespace?: string; name?: string; uid?: string; resourceVersion?: string };
    deletionPolicy: DeletionPolicy;
    driver: string;
    volumeSnapshotClassName?: string;
    source: { volumeHandle?: string; snapshotHandle?: string };
    sourceVolumeMode?: string;
  };
  status?: {
    snapshotHandle?: string;
    /** Nanoseconds since the Unix epoch (upstream's int64, unlike the snapshot's RFC 3339 time). */
    creationTime?: number;
    /** Bytes. */
    restoreSize?: number;
    readyToUse?: boolean;
    error?: VolumeSnapshotError;
    volumeGroupSnapshotHandle?: string;
  };
}

export interface VolumeSnapshotClass {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  driver: string;
  parameters?: Record<string, string>;
  deletionPolicy: DeletionPolicy;
}
