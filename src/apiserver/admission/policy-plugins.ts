// Builds the policy admission plugins (LimitRanger, PodSecurity, ResourceQuota) over the API server's stores:
// lookups read the watch caches; quota charges are status writes through the resourcequotas store.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { lookupResource, type ResourceDescriptor } from '../../api/index.js';
import { internalContext } from '../registry/context.js';
import type { Admission, GenericStore } from '../registry/generic-store.js';
import { objectKey } from '../registry/keys.js';
import { limitRanger } from './limit-ranger.js';
import { podSecurityAdmission } from './pod-security.js';
import { resourceQuotaAdmission } from './resource-quota.js';

export interface PolicyPlugins {
  readonly limitRanger: Admission;
  readonly podSecurity: Admission;
  readonly resourceQuota: Admission;
}

export function policyPlugins(storeFor: (desc: ResourceDescriptor) => GenericStore, options: { nowMs: () => number }): PolicyPlugins {
  const desc = (group: string, plural: string): ResourceDescriptor => {
    const d = lookupResource(group, 'v1', plural);
    if (!d) throw new TypeError(`Cannot build policy admission: resource "${plural}" is not registered`);
    return d;
  };
  const inNamespace = (d: ResourceDescriptor, namespace: string) => {
    const s = storeFor(d);
    return s.cache.list(s.prefix(namespace)).map((e) => e.object);
  };
  const quotas = desc('', 'resourcequotas');
  return {
    limitRanger: limitRanger({ list: (ns) => inNamespace(desc('', 'limitranges'), ns) }),
    podSecurity: podSecurityAdmission({
      namespace: (name) => storeFor(desc('', 'namespaces')).cache.get(objectKey('', 'namespaces', '', name))?.object,
      pods: (ns) => inNamespace(desc('', 'pods'), ns) as unknown as Pod[],
    }),
    resourceQuota: resourceQuotaAdmission({
      list: (ns) => inNamespace(quotas, ns),
      getLive: (ns, name) => storeFor(quotas).getStored(ns, name),
      async writeStatus(quota) {
        const m = (quota.metadata ?? {}) as { name?: string; namespace?: string };
        await storeFor(quotas).update(quotas, m.namespace ?? '', m.name ?? '', structuredClone(quota), internalContext('resourcequota-admission'), { kind: 'status', subresource: 'status' });
      },
    }, options),
  };
}
