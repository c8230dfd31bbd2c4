// The storage admission plugins of upstream: DefaultStorageClass (a claim that names no class gets the
// default), StorageObjectInUseProtection (claims and volumes get their protection finalizers) and
// PersistentVolumeClaimResize (growing a claim needs a class with allowVolumeExpansion).
import { compareQuantities, defaultStorageClassOf, forbidden, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

export interface StorageClassLookup {
  /** Every stored StorageClass. */
  list(): readonly KubeObject[];
}

const isCore = (desc: ResourceDescriptor, kind: string): boolean => desc.group === '' && desc.kind === kind;
type Meta = { name?: string; annotations?: Record<string, string>; finalizers?: string[] };
type ClaimSpec = { storageClassName?: string | null; resources?: { requests?: Record<string, string> } };

export function defaultStorageClass(classes: StorageClassLookup): Admission {
  return {
    admit(op, desc, obj) {
      if (op !== 'CREATE' || !isCore(desc, 'PersistentVolumeClaim')) return;
      const spec = (obj['spec'] ??= {}) as ClaimSpec;
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      if ((obj.metadata as Meta | undefined)?.annotations?.[betaClassAnnotation] !== undefined) return;
      const def = defaultStorageClassOf(classes.list() as { metadata?: Meta & { creationTimestamp?: string } }[]);
      if (def?.metadata?.name) spec.storageClassName = def.metadata.name;
    },
  };
}

export const storageObjectInUseProtection: Admission = {
  admit(op, desc, obj) {
    if (op !== 'CREATE') return;
    const finalizer = isCore(desc, 'PersistentVolumeClaim') ? 'kubernetes.io/pvc-protection' : isCore(desc, 'PersistentVolume') ? 'kubernetes.io/pv-protection' : undefined;
    if (!finalizer) return;
    const meta = (obj.metadata ??= {}) as Meta;
    const list = meta.finalizers ?? [];
    if (!list.includes(finalizer)) meta.finalizers = [...list, finalizer];
  },
};

export function persistentVolumeClaimResize(classes: StorageClassLookup): Admission {
  return {
    admit(op, desc, obj, old) {
      if (op !== 'UPDATE' || !old || !isCore(desc, 'PersistentVolumeClaim')) return;
      const size = (o: KubeObject): string | undefined => (o['spec'] as ClaimSpec | undefined)?.resources?.requests?.['storage'];
      const next = size(obj);
      const prev = size(old);
      if (next === undefined || prev === undefined) return;
      let grows: boolean;
      try {
        grows = compareQuantities(next, prev) > 0;
      } catch {
        return; // validation reports unparsable quantities
      }
      if (!grows) return;
      const meta = obj.metadata as Meta | undefined;
      const className = (obj['spec'] as ClaimSpec).storageClassName ?? meta?.annotations?.[betaClassAnnotation] ?? '';
      const cls = className === '' ? undefined : classes.list().find((c) => (c.metadata as Meta | undefined)?.name === className);
      if (cls?.['allowVolumeExpansion'] === true) return;
      throw forbidden({ group: '', resource: 'persistentvolumeclaims' }, meta?.name ?? '', 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
    },
  };
}
