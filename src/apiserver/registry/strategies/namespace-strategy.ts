// Namespace: the `kubernetes` spec finalizer keeps a deleted namespace Terminating until it is emptied.
import type { KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

type Ns = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string } };

export const namespaceStrategy: KindStrategy = {
  prepareForCreate(obj) {
    const ns = obj as Ns;
    ns.spec = { ...(ns.spec ?? {}), finalizers: ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers only change through /finalize.
    const ns = obj as Ns;
    const o = old as Ns;
    ns.spec = { ...(ns.spec ?? {}), finalizers: [...(o.spec?.finalizers ?? [])] };
    if (!ns.spec.finalizers?.length) delete ns.spec.finalizers;
  },
  hasPendingFinalizers(obj) {
    return ((obj as Ns).spec?.finalizers?.length ?? 0) > 0;
  },
  markDeleting(obj) {
    const ns = obj as Ns;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
  },
};
