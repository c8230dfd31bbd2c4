// The `kubernetes` Service in `default` (upstream's apiserver bootstrap controller and endpoint reconciler):
// ClusterIP 10.43.0.1 port 443 (https) in front of the API server, whose address and port its Endpoints and
// EndpointSlice name. In-cluster clients find the API through it (KUBERNETES_SERVICE_HOST, or
// kubernetes.default.svc). Put back when deleted or changed.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { isAlreadyExists, isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { controllerFor, objectKeyOf, type Change, type ControllerContext } from '../../client/index.js';

const servicesR = lookupResource('', 'v1', 'services')!;
const endpointsR = lookupResource('', 'v1', 'endpoints')!;
const slicesR = lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!;

export const kubernetesServiceIP = '10.43.0.1';

export interface ApiEndpoint { address: string; port: number }

export function kubernetesService(api: ApiEndpoint): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: kubernetesServiceIP, clusterIPs: [kubernetesServiceIP], sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: api.port }] },
  };
}

export function kubernetesEndpoints(api: ApiEndpoint): { endpoints: Endpoints; slice: EndpointSlice } {
  return {
    endpoints: {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: api.address }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }] }],
    },
    slice: {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4', endpoints: [{ addresses: [api.address], conditions: { ready: true } }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }],
    },
  };
}

/** The one key this controller syncs: the Service it keeps; its Endpoints and EndpointSlice share the name. */
const key = 'default/kubernetes';
/** An update or deletion of one of the three objects puts it back (a creation is this controller's own). */
const isChangeOfOurs = (c: Change<{ metadata?: object }>): boolean => c.type !== 'add' && objectKeyOf(c.obj) === key;

export function startKubernetesServiceController(ctx: ControllerContext, api: ApiEndpoint): AsyncDisposable {
  const b = controllerFor<Service>(ctx, servicesR, { name: 'kubernetes-service', kind: 'Service', delayOf: (c) => (isChangeOfOurs(c) ? 0 : undefined) });
  const services = b.primary;
  const ours = (c: Change<{ metadata?: object }>): string[] => (isChangeOfOurs(c) ? [key] : []);
  const endpoints = b.watches<Endpoints>(endpointsR, ours);
  const slices = b.watches<EndpointSlice>(slicesR, ours);
  const want = { service: kubernetesService(api), ...kubernetesEndpoints(api) };
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
      const svc = services.get(key);
      // The ClusterIP cannot change in place: a Service that holds another address is left as it is.
      await ensure(servicesR, svc, svc ? { ...want.service, spec: { ...svc.spec, ports: want.service.spec!.ports } } : want.service, ['spec']);
      await ensure(endpointsR, endpoints.get(key), want.endpoints, ['subsets']);
      await ensure(slicesR, slices.get(key), want.slice, ['endpoints', 'ports']);
      return undefined;
    },
  }, { workers: 1 });
  // Created (or checked) once the caches have synced, whatever they hold.
  running.controller.enqueue(key);
  return running;
}
