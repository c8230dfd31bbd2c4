// Discovery of the resource registry: per-group-version APIResourceLists and the registry's entries for the
// merged discovery documents (aggregator/discovery-merge.ts), built once.
import { apiregistration, groupVersions, resources, gvString, type ResourceDescriptor } from '../../api/index.js';
import type { ServedGroupVersion } from '../aggregator/discovery-merge.js';

interface SubresourceInfo { name: string; kind: string; group: string; version: string; verbs: string[] }

/** The subresources discovery lists for `r`, by name; OpenAPI describes the same ones. */
export function subresourcesOf(r: ResourceDescriptor): SubresourceInfo[] {
  const out: SubresourceInfo[] = [];
  for (const x of r.extraSubresources) out.push({ name: x.name, kind: x.kind, group: x.group ?? r.group, version: x.version ?? r.version, verbs: [...x.verbs] });
  if (r.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (r.hasStatus) out.push({ name: 'status', kind: r.kind, group: r.group, version: r.version, verbs: ['get', 'patch', 'update'] });
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function apiResourceList(group: string, version: string, served: readonly ResourceDescriptor[] = resources): Record<string, unknown> | undefined {
  const rs = served.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of rs) {
    const e: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs] };
    if (r.shortNames.length) e['shortNames'] = [...r.shortNames];
    if (r.categories.length) e['categories'] = [...r.categories];
    list.push(e);
    for (const s of subresourcesOf(r)) {
      const se: Record<string, unknown> = { name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group !== r.group || s.version !== r.version) { se['group'] = s.group; se['version'] = s.version; }
      list.push(se);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gvString({ group, version }), resources: list };
}

export function apiVersions(): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

/** The aggregated-discovery resources (apidiscovery.k8s.io/v2 APIResourceDiscovery) of one group-version. */
export function discoveryResources(group: string, version: string, served: readonly ResourceDescriptor[] = resources): Record<string, unknown>[] {
  return served.filter((r) => r.group === group && r.version === version).map((r) => {
    const e: Record<string, unknown> = {
      resource: r.plural, singularResource: r.singular, scope: r.namespaced ? 'Namespaced' : 'Cluster',
      responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: [...r.verbs],
    };
    if (r.shortNames.length) e['shortNames'] = [...r.shortNames];
    if (r.categories.length) e['categories'] = [...r.categories];
    const subs = subresourcesOf(r);
    if (subs.length) e['subresources'] = subs.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs }));
    return e;
  });
}

/** Group-versions the registry does not rank (none today) sort below every built-in group. */
const unrankedPriority = { groupPriorityMinimum: 16000, versionPriority: 15 };

let registryCache: ServedGroupVersion[] | undefined;

/** Every group-version the resource registry serves, with its discovery resources and upstream priority. */
export function registryGroupVersions(): readonly ServedGroupVersion[] {
  registryCache ??= groupVersions().flatMap((g) => g.versions.map((version) => ({
    group: g.group, version, priority: apiregistration.builtInPriority(g.group, version) ?? unrankedPriority, resources: discoveryResources(g.group, version),
  })));
  return registryCache;
}
