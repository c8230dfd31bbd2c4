// Printers for snapshot.storage.k8s.io: the additionalPrinterColumns of upstream's snapshot CRDs, printed by the
// custom resource printer, so `kubectl get volumesnapshot` shows the columns it shows against upstream.
import type { PrinterSet } from './columns.js';
import { customResourcePrinter, type PrinterColumn } from './custom-resource-printer.js';

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export const snapshotPrinters: PrinterSet = {
  'VolumeSnapshot.snapshot.storage.k8s.io': customResourcePrinter([
    { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse', description: 'Whether the snapshot can be used to restore a volume.' },
    { name: 'SourcePVC', type: 'string', jsonPath: '.spec.source.persistentVolumeClaimName', description: 'The claim the snapshot is (to be) taken of.' },
    { name: 'SourceSnapshotContent', type: 'string', jsonPath: '.spec.source.volumeSnapshotContentName', description: 'The pre-provisioned content the snapshot stands for.' },
    { name: 'RestoreSize', type: 'string', jsonPath: '.status.restoreSize', description: 'The smallest volume the snapshot can be restored into.' },
    { name: 'SnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName', description: 'The VolumeSnapshotClass the snapshot asks for.' },
    { name: 'SnapshotContent', type: 'string', jsonPath: '.status.boundVolumeSnapshotContentName', description: 'The VolumeSnapshotContent the snapshot is bound to.' },
    { name: 'CreationTime', type: 'date', jsonPath: '.status.creationTime', description: 'When the storage system took the snapshot.' },
    age,
  ]),
  'VolumeSnapshotContent.snapshot.storage.k8s.io': customResourcePrinter([
    { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse', description: 'Whether the snapshot can be used to restore a volume.' },
    { name: 'RestoreSize', type: 'integer', jsonPath: '.status.restoreSize', description: 'The smallest volume, in bytes, the snapshot can be restored into.' },
    { name: 'DeletionPolicy', type: 'string', jsonPath: '.spec.deletionPolicy', description: 'Whether deleting the bound VolumeSnapshot deletes the stored snapshot.' },
    { name: 'Driver', type: 'string', jsonPath: '.spec.driver', description: 'The driver that took or holds the snapshot.' },
    { name: 'VolumeSnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName', description: 'The class the snapshot was taken with.' },
    { name: 'VolumeSnapshot', type: 'string', jsonPath: '.spec.volumeSnapshotRef.name', description: 'The VolumeSnapshot this content is bound to.' },
    { name: 'VolumeSnapshotNamespace', type: 'string', jsonPath: '.spec.volumeSnapshotRef.namespace', description: 'The namespace of that VolumeSnapshot.' },
    age,
  ]),
  'VolumeSnapshotClass.snapshot.storage.k8s.io': customResourcePrinter([
    { name: 'Driver', type: 'string', jsonPath: '.driver' },
    { name: 'DeletionPolicy', type: 'string', jsonPath: '.deletionPolicy', description: 'Whether deleting a VolumeSnapshot of this class deletes the stored snapshot.' },
    age,
  ]),
};
