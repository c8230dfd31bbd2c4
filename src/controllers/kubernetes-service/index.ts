// The `kubernetes` Service in `default` (upstream's apiserver bootstrap controller and endpoint reconciler):
// ClusterIP 10.43.0.1 port 443 (https) in front of the API server, whose address and port its Endpoints and
// EndpointSlice name. In-cluster clients find the API through it (KUBERNETES_SERVICE_HOST, or
// kubernetes.default.svc). Put back when deleted or changed.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { isAlreadyExists, isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext } from '../../client/index.js';

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

export function startKubernetesServiceController(ctx: ControllerContext, api: ApiEndpoint): AsyncDisposable {
  const services = ctx.informers.informerFor<Service>(servicesR);
  const endpoints = ctx.informers.informerFor<Endpoints>(endpointsR);
  const slices = ctx.informers.informerFor<EndpointSlice>(slicesR);
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
  const controller = new Controller({
    name: 'kubernetes-service', workers: 1, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile() {
        const svc = services.get('default/kubernetes');
        // The ClusterIP cannot change in place: a Service that holds another address is left as it is.
        await ensure(servicesR, svc, svc ? { ...want.service, spec: { ...svc.spec, ports: want.service.spec!.ports } } : want.service, ['spec']);
        await ensure(endpointsR, endpoints.get('default/kubernetes'), want.endpoints, ['subsets']);
        await ensure(slicesR, slices.get('default/kubernetes'), want.slice, ['endpoints', 'ports']);
        return undefined;
      },
    },
  });
  const kick = (o: { metadata?: { namespace?: string; name?: string } }): void => { if (o.metadata?.namespace === 'default' && o.metadata.name === 'kubernetes') controller.enqueue('kubernetes'); };
  for (const i of [services, endpoints, slices] as const) (i as typeof services).addHandlers({ onUpdate: kick, onDelete: kick });
  controller.enqueue('kubernetes');
  return startWhenSynced([services, endpoints, slices], [controller]);
}
