// snapshot.storage.k8s.io/v1: VolumeSnapshot, VolumeSnapshotContent and VolumeSnapshotClass, served built in
// (upstream serves them from kubernetes-csi/external-snapshotter's CRDs); their rules keyed by Kind.
import type { KindRules } from '../../meta/index.js';
import { volumeSnapshotClassRules, volumeSnapshotContentRules, volumeSnapshotRules } from './rules.js';

export * from './types.js';
export * from './names.js';
export { defaultSnapshotClassFor, isDefaultSnapshotClass } from './default-class.js';

export const snapshotV1Rules: Record<string, KindRules> = {
  VolumeSnapshot: volumeSnapshotRules,
  VolumeSnapshotContent: volumeSnapshotContentRules,
  VolumeSnapshotClass: volumeSnapshotClassRules,
};
