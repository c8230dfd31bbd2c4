// Discovery documents (legacy and aggregated v2/v2beta1), built once from the resource registry.
import { groupVersions, resources, gvString, type ResourceDescriptor } from '../../api/index.js';

interface SubresourceInfo { name: string; kind: string; group: string; version: string; verbs: string[] }

function subresourcesOf(r: ResourceDescriptor): SubresourceInfo[] {
  const out: SubresourceInfo[] = [];
  for (const x of r.extraSubresources) out.push({ name: x.name, kind: x.kind, group: x.group ?? r.group, version: x.version ?? r.version, verbs: [...x.verbs] });
  if (r.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (r.hasStatus) out.push({ name: 'status', kind: r.kind, group: r.group, version: r.version, verbs: ['get', 'patch', 'update'] });
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const rs = resources.filter((r) => r.group === group && r.version === version);
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

function apiGroup(group: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(): Record<string, unknown> {
  const groups = groupVersions().filter((g) => g.group !== '').map((g) => apiGroup(g.group, g.versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDoc(group: string): Record<string, unknown> | undefined {
  const g = groupVersions().find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.group, g.versions) } : undefined;
}

function aggregatedGroup(group: string, versions: string[]): Record<string, unknown> {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((v) => ({
      version: v,
      freshness: 'Current',
      resources: resources.filter((r) => r.group === group && r.version === v).map((r) => {
        const e: Record<string, unknown> = {
          resource: r.plural, singularResource: r.singular, scope: r.namespaced ? 'Namespaced' : 'Cluster',
          responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: [...r.verbs],
        };
        if (r.shortNames.length) e['shortNames'] = [...r.shortNames];
        if (r.categories.length) e['categories'] = [...r.categories];
        const subs = subresourcesOf(r);
        if (subs.length) e['subresources'] = subs.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs }));
        return e;
      }),
    })),
  };
}

/** `/api` (core only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(which: 'api' | 'apis', version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = groupVersions().filter((g) => (which === 'api' ? g.group === '' : g.group !== ''));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items: groups.map((g) => aggregatedGroup(g.group, g.versions)) };
}
