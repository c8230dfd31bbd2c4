// CustomResourceDefinition (upstream customresourcedefinition strategy and REST Delete): status reset on create
// and owned by /status, generation bumped by spec changes, every storage version kept in status.storedVersions;
// the first delete marks the CRD Terminating and adds the cleanup finalizer, which the finalizer controller removes
// once the resources are gone.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, type KubeObject } from '../../../api/index.js';
import { rfc3339 } from '../../../util/index.js';
import type { KindStrategy } from './strategy.js';

export const customResourceDefinitionStrategy: KindStrategy = {
  prepareForCreate: (obj) => apiextensions.prepareCustomResourceDefinitionForCreate(obj),
  prepareForUpdate: (obj, old) => apiextensions.prepareCustomResourceDefinitionForUpdate(obj, old),
  prepareForStatusUpdate: (obj, old) => apiextensions.prepareCustomResourceDefinitionForStatusUpdate(obj, old),
  hasPendingFinalizers(obj) {
    return !(obj.metadata as { deletionTimestamp?: string } | undefined)?.deletionTimestamp;
  },
  markDeleting(obj: KubeObject, now: Date) {
    const crd = obj as unknown as CustomResourceDefinition;
    const meta = (crd.metadata ??= {});
    if (!(meta.finalizers ?? []).includes(apiextensions.customResourceCleanupFinalizer)) meta.finalizers = [...meta.finalizers ?? [], apiextensions.customResourceCleanupFinalizer];
    crd.status = { ...crd.status, conditions: apiextensions.setCrdCondition(crd.status?.conditions, apiextensions.terminatingConditions.deletionPending, rfc3339(now)) };
  },
};
