// Endpoints and EndpointSlice controllers (one shell, two outputs): for every Service with a selector,
// keep the Endpoints object named after it and its EndpointSlices equal to what desired.ts computes.
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { fromLabelSelectorObject, isAlreadyExists, isNotFound, lookupResource, matchesLabels, semanticEqual, serviceNameLabel } from '../../api/index.js';
import { controllerFor, controllerRefTo, objectKeyOf, type ControllerContext } from '../../client/index.js';
import { desiredSlices, desiredSubsets } from './desired.js';

const servicesR = lookupResource('', 'v1', 'services')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const endpointsR = lookupResource('', 'v1', 'endpoints')!;
const slicesR = lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!;
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const managedBy = 'endpointslice-controller.k8s.io';

/** `ctx` runs the endpoints controller; `slicesCtx` (its client: the endpointslice controller's identity) the slices. */
export function startEndpointsControllers(ctx: ControllerContext, slicesCtx: ControllerContext = ctx): AsyncDisposable {
  const { client } = ctx;
  const sliceClient = slicesCtx.client;
  const b = controllerFor<Service>(ctx, servicesR, { name: 'endpoints', kind: 'Service' });
  const services = b.primary;
  // A pod concerns the Services of its namespace whose selector matches it (or matched it before an update).
  const pods = b.watches<Pod>(podsR, (c) => services.list().filter((svc) => {
    if (svc.metadata?.namespace !== c.obj.metadata?.namespace || !svc.spec?.selector) return false;
    const sel = fromLabelSelectorObject({ matchLabels: svc.spec.selector });
    return matchesLabels(sel, c.obj.metadata?.labels) || (c.type === 'update' && matchesLabels(sel, c.old.metadata?.labels));
  }).map((svc) => objectKeyOf(svc)));
  const endpoints = b.reads<Endpoints>(endpointsR);
  const slices = b.reads<EndpointSlice>(slicesR);

  const selectedPods = (svc: Service): Pod[] => {
    const sel = fromLabelSelectorObject({ matchLabels: svc.spec?.selector ?? {} });
    return pods.list().filter((p) => p.metadata?.namespace === svc.metadata?.namespace && matchesLabels(sel, p.metadata?.labels));
  };

  async function syncEndpoints(key: string, svc: Service | undefined): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const current = endpoints.get(key);
    if (!svc?.spec?.selector) {
      // Upstream deletes the Endpoints of a deleted Service; a Service without selector has user-managed ones.
      if (!svc && current) await client.delete(endpointsR, namespace, name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
      return;
    }
    const subsets = desiredSubsets(svc, selectedPods(svc));
    const labels = { ...(svc.metadata?.labels ?? {}), ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    if (current && semanticEqual(current.subsets ?? [], subsets) && semanticEqual(current.metadata?.labels ?? {}, labels)) return;
    const next: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...(current?.metadata ?? { name, namespace }), labels }, ...(subsets.length ? { subsets } : {}) };
    if (current) await client.update(endpointsR, next);
    else await client.create(endpointsR, namespace, next).catch((e: unknown) => { if (!isAlreadyExists(e)) throw e; });
  }

  async function syncSlices(key: string, svc: Service | undefined): Promise<void> {
    if (!svc?.spec?.selector) return; // slices of a deleted Service go with it (ownerReferences)
    const [namespace, name] = key.split('/') as [string, string];
    const existing = slices.list().filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.[serviceNameLabel] === name && s.metadata?.labels?.[managedByLabel] === managedBy)
      .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    const desired = desiredSlices(svc, selectedPods(svc));
    if (desired.length === 0) desired.push({ ports: [], endpoints: [] }); // upstream keeps one (empty) slice per Service
    const labels = { ...(svc.metadata?.labels ?? {}), [serviceNameLabel]: name, [managedByLabel]: managedBy, ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    const owner = controllerRefTo({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: svc.metadata!.uid! } });
    for (let i = 0; i < desired.length; i++) {
      const d = desired[i]!;
      const cur = existing[i];
      const body = { addressType: 'IPv4', endpoints: d.endpoints, ports: d.ports };
      if (cur && semanticEqual({ addressType: cur.addressType, endpoints: cur.endpoints ?? [], ports: cur.ports ?? [] }, body) && semanticEqual(cur.metadata?.labels ?? {}, labels)) continue;
      if (cur) await sliceClient.update(slicesR, { ...cur, metadata: { ...cur.metadata, labels }, ...body });
      else await sliceClient.create(slicesR, namespace, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [owner] }, ...body });
    }
    for (const extra of existing.slice(desired.length)) await sliceClient.delete(slicesR, namespace, extra.metadata!.name!).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }

  return b.complete({
    async reconcile(key: string): Promise<void> {
      const svc = services.get(key);
      await syncEndpoints(key, svc);
      await syncSlices(key, svc);
    },
  }, { workers: 4 });
}
