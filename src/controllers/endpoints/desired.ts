// What a Service's endpoints should be (upstream endpoints and endpointslice controllers), pure: the pods
// selected by the Service become addresses (ready, or not ready) with hostname, nodeName and targetRef.
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort as SlicePort } from 'kubernetes-types/discovery/v1.js';

export const maxEndpointsPerSlice = 100;

const isReady = (p: Pod): boolean => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** ShouldSetHostname: the pod's hostname is published only when its subdomain names this Service. */
export function hostnameFor(pod: Pod, service: Service): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === service.metadata?.name && pod.metadata?.namespace === service.metadata?.namespace ? h : undefined;
}

/** The port a service port reaches on this pod: targetPort as a number, or a named container port. */
function resolvePort(sp: ServicePort, pod: Pod): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === t && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  return undefined;
}

interface PodEndpoint {
  pod: Pod;
  ip: string;
  ready: boolean;
  terminating: boolean;
  ports: EndpointPort[];
}

/** The pods that become endpoints, with readiness as published (publishNotReadyAddresses counts as ready). */
export function podEndpoints(service: Service, pods: readonly Pod[]): PodEndpoint[] {
  const publishAll = service.spec?.publishNotReadyAddresses === true;
  const out: PodEndpoint[] = [];
  for (const pod of pods) {
    const ip = pod.status?.podIP;
    if (!ip || isTerminal(pod)) continue;
    const terminating = pod.metadata?.deletionTimestamp !== undefined;
    const ports: EndpointPort[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = resolvePort(sp, pod);
      if (port !== undefined) ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    out.push({ pod, ip, ready: publishAll || (isReady(pod) && !terminating), terminating, ports });
  }
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

const addressOf = (e: PodEndpoint, service: Service): EndpointAddress => {
  const hostname = hostnameFor(e.pod, service);
  return {
    ip: e.ip, ...(hostname ? { hostname } : {}), ...(e.pod.spec?.nodeName ? { nodeName: e.pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: e.pod.metadata?.namespace ?? '', name: e.pod.metadata?.name ?? '', uid: e.pod.metadata?.uid ?? '' },
  };
};

/** Legacy Endpoints subsets: grouped by resolved port set; terminating pods are left out unless published. */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const headlessNoPorts = (service.spec?.ports ?? []).length === 0 && service.spec?.clusterIP === 'None';
  const groups = new Map<string, { ports: EndpointPort[]; addresses: EndpointAddress[]; notReadyAddresses: EndpointAddress[] }>();
  for (const e of podEndpoints(service, pods)) {
    if (e.terminating && service.spec?.publishNotReadyAddresses !== true) continue;
    if (e.ports.length === 0 && !headlessNoPorts) continue;
    const key = JSON.stringify(e.ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: e.ports, addresses: [], notReadyAddresses: [] }));
    (e.ready ? g.addresses : g.notReadyAddresses).push(addressOf(e, service));
  }
  return [...groups.values()].map((g) => ({
    ...(g.addresses.length ? { addresses: g.addresses } : {}),
    ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses } : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}

/** EndpointSlice contents: per resolved port set, chunks of at most maxEndpointsPerSlice endpoints. */
export function desiredSlices(service: Service, pods: readonly Pod[]): { ports: SlicePort[]; endpoints: Endpoint[] }[] {
  const groups = new Map<string, { ports: SlicePort[]; endpoints: Endpoint[] }>();
  for (const e of podEndpoints(service, pods)) {
    const key = JSON.stringify(e.ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: e.ports, endpoints: [] }));
    const hostname = hostnameFor(e.pod, service);
    g.endpoints.push({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: isReady(e.pod), terminating: e.terminating },
      ...(hostname ? { hostname } : {}),
      ...(e.pod.spec?.nodeName ? { nodeName: e.pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: e.pod.metadata?.namespace ?? '', name: e.pod.metadata?.name ?? '', uid: e.pod.metadata?.uid ?? '' },
    });
  }
  const out: { ports: SlicePort[]; endpoints: Endpoint[] }[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.endpoints.length; i += maxEndpointsPerSlice) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + maxEndpointsPerSlice) });
  }
  return out;
}
