// Builders for the snapshot controllers' table tests: objects as the caches hold them, and a World over them.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { snapshot as s } from '../../api/index.js';
import type { World } from './plan.js';

export const now = '2026-01-02T03:04:05Z';
const asSource = 'snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection';
const bound = 'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection';
export const finalizers = { asSource, bound, both: [asSource, bound], pvc: 'snapshot.storage.kubernetes.io/pvc-as-source-protection' };

export function snap(name: string, o: { uid?: string; claim?: string; content?: string; cls?: string; finalizers?: string[]; deleting?: boolean; status?: s.VolumeSnapshot['status'] } = {}): s.VolumeSnapshot {
  return {
    metadata: { name, namespace: 'ns', uid: o.uid ?? `uid-${name}`, resourceVersion: '7', ...(o.finalizers ? { finalizers: o.finalizers } : {}), ...(o.deleting ? { deletionTimestamp: now } : {}) },
    spec: { source: o.content !== undefined ? { volumeSnapshotContentName: o.content } : { persistentVolumeClaimName: o.claim ?? 'data' }, ...(o.cls !== undefined ? { volumeSnapshotClassName: o.cls } : {}) },
    ...(o.status ? { status: o.status } : {}),
  };
}

export function content(name: string, o: { snapshot?: string; uid?: string | null; policy?: 'Delete' | 'Retain'; handle?: string; deleting?: boolean; annotated?: boolean; status?: s.VolumeSnapshotContent['status']; finalizers?: string[] } = {}): s.VolumeSnapshotContent {
  const snapshotName = o.snapshot ?? 'snap';
  return {
    metadata: { name, uid: `uid-${name}`, ...(o.finalizers ? { finalizers: o.finalizers } : {}), ...(o.deleting ? { deletionTimestamp: now } : {}), ...(o.annotated ? { annotations: { 'snapshot.storage.kubernetes.io/volumesnapshot-being-deleted': 'yes' } } : {}) },
    spec: {
      volumeSnapshotRef: { name: snapshotName, namespace: 'ns', ...(o.uid === null ? {} : { uid: o.uid ?? `uid-${snapshotName}` }) },
      deletionPolicy: o.policy ?? 'Delete', driver: 'skiff.io/local-path',
      source: o.handle !== undefined ? { snapshotHandle: o.handle } : { volumeHandle: 'pv-data' },
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

export function claim(name: string, o: { bound?: boolean; finalizers?: string[]; source?: string; phase?: string } = {}): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, ...(o.finalizers ? { finalizers: o.finalizers } : {}) },
    spec: {
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path',
      ...(o.bound === false ? {} : { volumeName: `pv-${name}` }),
      ...(o.source ? { dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: o.source } } : {}),
    },
    status: { phase: o.phase ?? (o.bound === false ? 'Pending' : 'Bound') },
  };
}

export function volume(name: string, o: { driver?: string } = {}): PersistentVolume {
  return {
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': o.driver ?? 'skiff.io/local-path' } },
    spec: { capacity: { storage: '1Gi' }, hostPath: { path: `/storage/${name}` }, volumeMode: 'Filesystem' },
  };
}

export function snapshotClass(name: string, o: { driver?: string; isDefault?: boolean; policy?: 'Delete' | 'Retain' } = {}): s.VolumeSnapshotClass {
  return {
    metadata: { name, ...(o.isDefault === false ? {} : { annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } }) },
    driver: o.driver ?? 'skiff.io/local-path', deletionPolicy: o.policy ?? 'Delete',
  };
}

export interface Objects {
  snapshots?: s.VolumeSnapshot[];
  contents?: s.VolumeSnapshotContent[];
  claims?: PersistentVolumeClaim[];
  volumes?: PersistentVolume[];
  classes?: s.VolumeSnapshotClass[];
}

export function worldOf(o: Objects): World {
  const named = <T extends { metadata?: { name?: string } }>(list: T[] | undefined, name: string): T | undefined => (list ?? []).find((x) => x.metadata?.name === name);
  return {
    now,
    content: (n) => named(o.contents, n),
    contents: () => o.contents ?? [],
    claim: (ns, n) => (ns === 'ns' ? named(o.claims, n) : undefined),
    claims: (ns) => (ns === 'ns' ? o.claims ?? [] : []),
    snapshot: (ns, n) => (ns === 'ns' ? named(o.snapshots, n) : undefined),
    snapshots: (ns) => (ns === 'ns' ? o.snapshots ?? [] : []),
    volume: (n) => named(o.volumes, n),
    snapshotClass: (n) => named(o.classes, n),
    snapshotClasses: () => o.classes ?? [],
  };
}
