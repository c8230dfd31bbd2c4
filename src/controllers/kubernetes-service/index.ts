// The `kubernetes` Service in `default` (upstream's apiserver bootstrap controller and lease endpoint reconciler):
// ClusterIP 10.43.0.1 port 443 (https) in front of the API servers, whose addresses and port its Endpoints and
// EndpointSlice name. In-cluster clients find the API through it (KUBERNETES_SERVICE_HOST, or
// kubernetes.default.svc). Put back when deleted or changed. Every server runs it: each renews a Lease of its own in
// kube-system every 5 s (15 s long, upstream's master lease TTL) and the endpoints list every server whose Lease is
// live, so a server that stops (its Lease deleted) or dies (its Lease expires) leaves them.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { isAlreadyExists, isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { controllerFor, objectKeyOf, type Change, type ControllerContext } from '../../client/index.js';

const servicesR = lookupResource('', 'v1', 'services')!;
const endpointsR = lookupResource('', 'v1', 'endpoints')!;
const slicesR = lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const leasesR = lookupResource('coordination.k8s.io', 'v1', 'leases')!;

export const kubernetesServiceIP = '10.43.0.1';

export interface ApiEndpoint { address: string; port: number }

export function kubernetesService(api: ApiEndpoint): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: kubernetesServiceIP, clusterIPs: [kubernetesServiceIP], sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: api.port }] },
  };
}

/** The endpoints of the API servers (sorted, one port: upstream requires the servers of a cluster to share it). */
export function kubernetesEndpoints(apis: ApiEndpoint | readonly ApiEndpoint[]): { endpoints: Endpoints; slice: EndpointSlice } {
  const list = (Array.isArray(apis) ? apis : [apis]) as readonly ApiEndpoint[];
  const port = list[0]?.port ?? 443;
  const addresses = [...new Set(list.filter((a) => a.port === port).map((a) => a.address))].sort(compareAddresses);
  return {
    endpoints: {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: addresses.map((ip) => ({ ip })), ports: [{ name: 'https', port, protocol: 'TCP' }] }],
    },
    slice: {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4', endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })), ports: [{ name: 'https', port, protocol: 'TCP' }],
    },
  };
}

const compareAddresses = (a: string, b: string): number => {
  const n = (ip: string): number => ip.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
  return n(a) - n(b);
};

/** The label of API servers' endpoint Leases, and where each keeps its address. */
export const apiServerLeaseLabel = 'skiff.io/apiserver-endpoint';
const addressAnnotation = 'skiff.io/apiserver-address';
const portAnnotation = 'skiff.io/apiserver-port';
export const apiServerLeaseSeconds = 15;
const renewMs = 5_000;

/** The Lease an API server keeps while it serves (kube-system/apiserver-<address>-<port>). */
export function apiServerLease(api: ApiEndpoint, now: string): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: `apiserver-${api.address.replaceAll('.', '-')}-${api.port}`, namespace: 'kube-system', labels: { [apiServerLeaseLabel]: 'true' }, annotations: { [addressAnnotation]: api.address, [portAnnotation]: String(api.port) } },
    spec: { holderIdentity: `${api.address}:${api.port}`, leaseDurationSeconds: apiServerLeaseSeconds, renewTime: now },
  };
}

/** The API servers whose Leases are live at nowMs, and this one whatever its Lease (pure). */
export function liveApiServers(leases: readonly Lease[], self: ApiEndpoint, nowMs: number): ApiEndpoint[] {
  const out: ApiEndpoint[] = [self];
  for (const l of leases) {
    if (l.metadata?.labels?.[apiServerLeaseLabel] !== 'true') continue;
    const address = l.metadata.annotations?.[addressAnnotation];
    const port = Number(l.metadata.annotations?.[portAnnotation]);
    const renewed = Date.parse(l.spec?.renewTime ?? '');
    if (!address || !port || Number.isNaN(renewed)) continue;
    if (renewed + (l.spec?.leaseDurationSeconds ?? apiServerLeaseSeconds) * 1000 <= nowMs) continue;
    out.push({ address, port });
  }
  return out;
}

/** The one key this controller syncs: the Service it keeps; its Endpoints and EndpointSlice share the name. */
const key = 'default/kubernetes';
/** An update or deletion of one of the three objects puts it back (a creation is this controller's own). */
const isChangeOfOurs = (c: Change<{ metadata?: object }>): boolean => c.type !== 'add' && objectKeyOf(c.obj) === key;
/** A server's endpoint Lease came, went, changed hands or was marked for deletion. */
const isServerChange = (c: Change<Lease>): boolean => c.obj.metadata?.labels?.[apiServerLeaseLabel] === 'true'
  && (c.type !== 'update' || c.obj.spec?.holderIdentity !== c.old.spec?.holderIdentity || c.obj.metadata?.deletionTimestamp !== undefined);

export function startKubernetesServiceController(ctx: ControllerContext, api: ApiEndpoint): AsyncDisposable {
  const b = controllerFor<Service>(ctx, servicesR, { name: 'kubernetes-service', kind: 'Service', delayOf: (c) => (isChangeOfOurs(c) ? 0 : undefined) });
  const services = b.primary;
  const ours = (c: Change<{ metadata?: object }>): string[] => (isChangeOfOurs(c) ? [key] : []);
  const endpoints = b.watches<Endpoints>(endpointsR, ours);
  const slices = b.watches<EndpointSlice>(slicesR, ours);
  const leases = b.watches<Lease>(leasesR, (c) => (isServerChange(c) ? [key] : []));
  const service = kubernetesService(api);
  const mine = (): Lease => apiServerLease(api, new Date(ctx.clock.nowMs()).toISOString().replace(/Z$/, '000Z'));
  /** Renews this server's Lease (creates it when missing). */
  const renew = async (): Promise<void> => {
    const want = mine();
    const live = leases.get(`kube-system/${want.metadata!.name}`);
    try {
      if (!live) await ctx.client.create(leasesR, 'kube-system', want);
      else await ctx.client.update(leasesR, { ...live, metadata: { ...live.metadata, labels: want.metadata!.labels, annotations: want.metadata!.annotations }, spec: { ...live.spec, ...want.spec } });
    } catch (e: unknown) {
      if (!isAlreadyExists(e) && !isConflict(e) && !isNotFound(e)) throw e;
    }
  };
  /** Creates the object, or brings the listed parts of a changed one back. */
  const ensure = async (r: typeof servicesR, live: object | undefined, desired: object, parts: readonly string[]): Promise<void> => {
    const have = live as Record<string, unknown> | undefined;
    const need = desired as Record<string, unknown>;
    try {
      if (!have) { await ctx.client.create(r, 'default', need); return; }
      if (parts.every((p) => semanticEqual(have[p], need[p]))) return;
      await ctx.client.update(r, { ...have, ...Object.fromEntries(parts.map((p) => [p, need[p]])) });
    } catch (e: unknown) {
      if (!isAlreadyExists(e) && !isConflict(e) && !isNotFound(e)) throw e;
    }
  };
  const running = b.complete({
    async reconcile() {
      await renew();
      const svc = services.get(key);
      // The ClusterIP cannot change in place: a Service that holds another address is left as it is.
      await ensure(servicesR, svc, svc ? { ...service, spec: { ...svc.spec, ports: service.spec!.ports } } : service, ['spec']);
      const want = kubernetesEndpoints(liveApiServers(leases.list(), api, ctx.clock.nowMs()));
      await ensure(endpointsR, endpoints.get(key), want.endpoints, ['subsets']);
      await ensure(slicesR, slices.get(key), want.slice, ['endpoints', 'ports']);
      // Leases expire by time: look again at the next renewal.
      return { requeueAfterMs: renewMs };
    },
  }, { workers: 1 });
  // Created (or checked) once the caches have synced, whatever they hold.
  running.controller.enqueue(key);
  return {
    // A server that stops leaves the endpoints at once (upstream removes its master lease on shutdown).
    async [Symbol.asyncDispose]() {
      await running[Symbol.asyncDispose]();
      await ctx.client.delete(leasesR, 'kube-system', mine().metadata!.name!).catch(() => undefined);
    },
  };
}
