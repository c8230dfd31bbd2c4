// CustomResourceDefinition (upstream customresourcedefinition strategy and REST Delete): status starts with the
// storage version in storedVersions, which keeps every version ever stored; the first delete marks the CRD
// Terminating and adds the cleanup finalizer, which the finalizer controller removes once the resources are gone.
import { apiextensions, type KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

type Crd = KubeObject & { spec?: { versions?: { name: string; storage?: boolean }[] }; status?: { storedVersions?: string[]; conditions?: Record<string, unknown>[] } };

function withStorageVersion(obj: Crd, stored: readonly string[]): string[] {
  const storage = obj.spec?.versions?.find((v) => v.storage)?.name;
  return storage && !stored.includes(storage) ? [...stored, storage] : [...stored];
}

export const customResourceDefinitionStrategy: KindStrategy = {
  prepareForCreate(obj) {
    const crd = obj as Crd;
    crd.status = { storedVersions: withStorageVersion(crd, []) };
  },
  prepareForUpdate(obj, old) {
    const crd = obj as Crd;
    const status = { ...((old as Crd).status ?? {}) };
    status.storedVersions = withStorageVersion(crd, status.storedVersions ?? []);
    crd.status = status;
  },
  hasPendingFinalizers(obj) {
    return !(obj.metadata as { deletionTimestamp?: string } | undefined)?.deletionTimestamp;
  },
  markDeleting(obj, now) {
    const crd = obj as Crd;
    const meta = (crd.metadata ??= {}) as { finalizers?: string[] };
    if (!(meta.finalizers ?? []).includes(apiextensions.customResourceCleanupFinalizer)) meta.finalizers = [...meta.finalizers ?? [], apiextensions.customResourceCleanupFinalizer];
    const conditions = (crd.status?.conditions ?? []).filter((c) => c['type'] !== 'Terminating');
    conditions.push({ type: 'Terminating', status: 'True', lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' });
    crd.status = { ...(crd.status ?? {}), conditions };
  },
};
