// NamespaceLifecycle admission: no content in missing or terminating namespaces; system namespaces stay.
import { forbidden, notFound, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Admission } from '../registry/generic-store.js';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;
const undeletable = new Set(['default', 'kube-system', 'kube-public']);

export interface NamespaceLookup {
  /** The stored Namespace object, or undefined. */
  get(name: string): KubeObject | undefined;
}

export function namespaceLifecycle(namespaces: NamespaceLookup): Admission {
  return {
    admit(op, desc: ResourceDescriptor, obj) {
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
      if (desc.kind === 'Namespace' && desc.group === '') {
        if (op === 'DELETE' && undeletable.has(meta.name ?? '')) throw forbidden({ group: '', resource: 'namespaces' }, meta.name ?? '', 'this namespace may not be deleted');
        return;
      }
      if (op !== 'CREATE' || !desc.namespaced) return;
      const ns = namespaces.get(meta.namespace ?? '');
      if (!ns) throw notFound({ group: '', resource: 'namespaces' }, meta.namespace ?? '');
      const status = (ns['status'] ?? {}) as { phase?: string };
      if (status.phase === 'Terminating' || (ns.metadata as Record<string, unknown> | undefined)?.['deletionTimestamp']) {
        throw forbidden({ group: desc.group, resource: desc.plural }, meta.name ?? '', `unable to create new content in namespace ${meta.namespace ?? ''} because it is being terminated`);
      }
    },
  };
}
