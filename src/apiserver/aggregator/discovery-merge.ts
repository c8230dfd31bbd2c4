// Merged discovery: the group-versions this server serves (registry and providers) and those of available
// extension API servers, ordered as upstream orders APIServices, rendered as aggregated discovery
// (apidiscovery.k8s.io v2/v2beta1) and as the legacy APIGroupList and APIGroup documents. Pure.
import { apiregistration } from '../../api/index.js';

/** One served group-version with its aggregated-discovery resources (APIResourceDiscovery JSON). */
export interface ServedGroupVersion {
  readonly group: string;
  readonly version: string;
  readonly priority: apiregistration.ApiServicePriority;
  readonly resources: readonly unknown[];
}

interface OrderedGroup { readonly group: string; readonly versions: readonly ServedGroupVersion[] }

/** Groups in discovery order with their versions in preferred order; the first entry of a group-version wins. */
export function orderGroups(gvs: readonly ServedGroupVersion[]): OrderedGroup[] {
  const byKey = new Map<string, ServedGroupVersion>();
  for (const gv of gvs) if (!byKey.has(`${gv.group}/${gv.version}`)) byKey.set(`${gv.group}/${gv.version}`, gv);
  const order = apiregistration.sortGroupVersions([...byKey.values()].map((gv) => ({ group: gv.group, version: gv.version, ...gv.priority })));
  return order.map((g) => ({ group: g.group, versions: g.versions.map((v) => byKey.get(`${g.group}/${v}`)!) }));
}

/** `/api` (the core group only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscoveryList(gvs: readonly ServedGroupVersion[], which: 'api' | 'apis', version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = orderGroups(gvs).filter((g) => (which === 'api' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({ version: v.version, resources: v.resources, freshness: 'Current' })),
    })),
  };
}

function apiGroup(g: OrderedGroup): Record<string, unknown> {
  const vs = g.versions.map((v) => ({ groupVersion: `${g.group}/${v.version}`, version: v.version }));
  return { name: g.group, versions: vs, preferredVersion: vs[0] };
}

/** The legacy `/apis` APIGroupList (named groups only). */
export function legacyGroupList(gvs: readonly ServedGroupVersion[]): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: orderGroups(gvs).filter((g) => g.group !== '').map(apiGroup) };
}

/** The legacy `/apis/<group>` APIGroup, or undefined when no version of the group is served. */
export function legacyGroup(gvs: readonly ServedGroupVersion[], group: string): Record<string, unknown> | undefined {
  const g = group === '' ? undefined : orderGroups(gvs).find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

/**
 * An APIResourceList (legacy per-group-version discovery) converted to aggregated-discovery resources, as
 * upstream does for extension servers without aggregated discovery: `a/b` entries become subresources of
 * `a`; entries without a kind are dropped (clients drop them too).
 */
export function resourcesFromLegacyList(list: unknown, group: string, version: string): unknown[] {
  const entries = (isRecord(list) && Array.isArray(list['resources']) ? list['resources'] : []).filter(isRecord);
  const out = new Map<string, Record<string, unknown>>();
  for (const r of entries) {
    const name = String(r['name'] ?? '');
    if (name === '' || name.includes('/')) continue;
    const e: Record<string, unknown> = {
      resource: name, singularResource: String(r['singularName'] ?? ''), scope: r['namespaced'] === true ? 'Namespaced' : 'Cluster',
      responseKind: { group: String(r['group'] ?? group), version: String(r['version'] ?? version), kind: String(r['kind'] ?? '') },
      verbs: Array.isArray(r['verbs']) ? r['verbs'] : [],
    };
    if (Array.isArray(r['shortNames']) && r['shortNames'].length) e['shortNames'] = r['shortNames'];
    if (Array.isArray(r['categories']) && r['categories'].length) e['categories'] = r['categories'];
    out.set(name, e);
  }
  for (const r of entries) {
    const name = String(r['name'] ?? '');
    const slash = name.indexOf('/');
    const parent = slash > 0 ? out.get(name.slice(0, slash)) : undefined;
    if (!parent) continue;
    const subs = (parent['subresources'] as unknown[] | undefined) ?? [];
    subs.push({ subresource: name.slice(slash + 1), responseKind: { group: String(r['group'] ?? group), version: String(r['version'] ?? version), kind: String(r['kind'] ?? '') }, verbs: Array.isArray(r['verbs']) ? r['verbs'] : [] });
    parent['subresources'] = subs;
  }
  return [...out.values()].filter((e) => (e['responseKind'] as { kind: string }).kind !== '');
}

/** The versions of one group in an APIGroupDiscoveryList (a remote server's `/apis` in aggregated form). */
export function versionsFromAggregatedList(doc: unknown, group: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const items = isRecord(doc) && Array.isArray(doc['items']) ? doc['items'] : [];
  for (const item of items.filter(isRecord)) {
    if (!isRecord(item['metadata']) || item['metadata']['name'] !== group) continue;
    for (const v of (Array.isArray(item['versions']) ? item['versions'] : []).filter(isRecord)) {
      if (typeof v['version'] === 'string' && v['freshness'] !== 'Stale') out.set(v['version'], Array.isArray(v['resources']) ? v['resources'] : []);
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
