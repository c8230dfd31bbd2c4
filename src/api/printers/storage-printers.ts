// Printers for storage: core/v1 PersistentVolume and PersistentVolumeClaim, storage.k8s.io StorageClass (kubectl-compat.md §3.7).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet } from './columns.js';
import { accessModesString, quantityString } from './cell-format.js';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** helper.GetPersistentVolume(Claim)Class: the beta annotation wins when present, even when empty. */
function storageClassCell(obj: PersistentVolume | PersistentVolumeClaim): string {
  const ann = obj.metadata?.annotations ?? {};
  return Object.hasOwn(ann, betaStorageClassAnnotation) ? (ann[betaStorageClassAnnotation] ?? '') : (obj.spec?.storageClassName ?? '');
}

function phaseCell(obj: PersistentVolume | PersistentVolumeClaim): string {
  return obj.metadata?.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? '');
}

export const storagePrinters: PrinterSet = {
  PersistentVolume: {
    columns: [nameColumn, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'),
      col('VolumeAttributesClass'), col('Reason'), ageColumn, col('VolumeMode', { wide: true })],
    cells(obj, now) {
      const pv = obj as PersistentVolume;
      const spec = pv.spec ?? {};
      const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
      return [nameOf(pv), quantityString(spec.capacity?.['storage']), accessModesString(spec.accessModes), spec.persistentVolumeReclaimPolicy ?? '',
        phaseCell(pv), claim, storageClassCell(pv), spec.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', ageOf(pv, now),
        spec.volumeMode ?? '<unset>'];
    },
  },
  PersistentVolumeClaim: {
    columns: [nameColumn, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'),
      ageColumn, col('VolumeMode', { wide: true })],
    cells(obj, now) {
      const pvc = obj as PersistentVolumeClaim;
      const spec = pvc.spec ?? {};
      // Capacity and access modes describe the bound volume, so upstream leaves them empty until bound.
      const bound = (spec.volumeName ?? '') !== '';
      return [nameOf(pvc), phaseCell(pvc), spec.volumeName ?? '', bound ? quantityString(pvc.status?.capacity?.['storage']) : '',
        bound ? accessModesString(pvc.status?.accessModes) : '', storageClassCell(pvc), spec.volumeAttributesClassName ?? '<unset>', ageOf(pvc, now),
        spec.volumeMode ?? '<unset>'];
    },
  },
  'StorageClass.storage.k8s.io': {
    columns: [nameColumn, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), ageColumn],
    cells(obj, now) {
      const sc = obj as Partial<StorageClass>;
      const ann = sc.metadata?.annotations ?? {};
      const isDefault = defaultClassAnnotations.some((a) => ann[a] === 'true');
      return [isDefault ? `${nameOf(sc)} (default)` : nameOf(sc), sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion ?? false, ageOf(sc, now)];
    },
  },
};
