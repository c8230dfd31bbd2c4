// The default StorageClass rule (upstream GetDefaultClass): shared by the DefaultStorageClass admission
// plugin and the PV controller's retroactive default assignment.

const defaultAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

interface ClassLike {
  metadata?: { name?: string; creationTimestamp?: string; annotations?: Record<string, string> };
}

/** A class is default when either annotation is exactly "true". */
export function isDefaultStorageClass(cls: ClassLike): boolean {
  const a = cls.metadata?.annotations ?? {};
  return defaultAnnotations.some((k) => a[k] === 'true');
}

/** The default class: the newest by creationTimestamp when several are default, ties to the first name. */
export function defaultStorageClassOf<T extends ClassLike>(classes: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const c of classes) {
    if (!isDefaultStorageClass(c)) continue;
    if (!best) { best = c; continue; }
    const a = c.metadata?.creationTimestamp ?? '';
    const b = best.metadata?.creationTimestamp ?? '';
    if (a > b || (a === b && (c.metadata?.name ?? '') < (best.metadata?.name ?? ''))) best = c;
  }
  return best;
}

/** The StorageClass parameter naming a provisioned volume's filesystem (the CSI external-provisioner's key). */
export const fsTypeParameter = 'csi.storage.k8s.io/fstype';
