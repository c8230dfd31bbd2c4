// Cluster DNS records (the CoreDNS kubernetes plugin's schema, cluster domain cluster.local), computed from
// Services and EndpointSlices. Pure: the view comes in, answers go out.
//
//   <svc>.<ns>.svc.cluster.local                A: the ClusterIP, or (headless) each ready endpoint's IP
//   <hostname>.<svc>.<ns>.svc.cluster.local     A: a ready endpoint that has that hostname
//   _<port>._<proto>.<svc>.<ns>.svc...          SRV per named port (headless: per ready endpoint)
//   <a-b-c-d>.<ns>.pod.cluster.local            A: a.b.c.d
//   <d>.<c>.<b>.<a>.in-addr.arpa                PTR for ready endpoint IPs and ClusterIPs
// Names outside cluster.local (and reverse names it does not know) are forwarded.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

export const clusterDomain = 'cluster.local';
export const ttlSeconds = 5;

export type DnsRecord =
  | { readonly type: 'A'; readonly name: string; readonly data: string }
  | { readonly type: 'CNAME' | 'PTR'; readonly name: string; readonly data: string }
  | { readonly type: 'SRV'; readonly name: string; readonly data: { readonly priority: number; readonly weight: number; readonly port: number; readonly target: string } };

export type Answer =
  | { readonly rcode: 'NOERROR'; readonly answers: readonly DnsRecord[] }
  | { readonly rcode: 'NXDOMAIN' }
  /** Not ours: ask the upstream resolver. */
  | { readonly rcode: 'FORWARD' };

export interface ClusterView {
  service(namespace: string, name: string): Service | undefined;
  /** The EndpointSlices of a Service. */
  slices(namespace: string, service: string): readonly EndpointSlice[];
  /** Every Service (for reverse lookups). */
  services(): Iterable<Service>;
}

interface Endpoint { ip: string; hostname?: string }

/** Ready endpoints (the controller already counts publishNotReadyAddresses as ready), first address each. */
function readyEndpoints(view: ClusterView, svc: Service): Endpoint[] {
  const out: Endpoint[] = [];
  const seen = new Set<string>();
  for (const slice of view.slices(svc.metadata?.namespace ?? '', svc.metadata?.name ?? '')) {
    for (const e of slice.endpoints ?? []) {
      const ip = e.addresses?.[0];
      if (!ip || e.conditions?.ready === false || seen.has(ip)) continue;
      seen.add(ip);
      out.push({ ip, ...(e.hostname ? { hostname: e.hostname } : {}) });
    }
  }
  return out;
}

const isHeadless = (svc: Service): boolean => svc.spec?.clusterIP === 'None';
const serviceName = (svc: Service): string => `${svc.metadata?.name}.${svc.metadata?.namespace}.svc.${clusterDomain}`;
const dashed = (ip: string): string => ip.replaceAll('.', '-');

function serviceAnswer(view: ClusterView, svc: Service, name: string, qtype: string): Answer {
  if (svc.spec?.type === 'ExternalName') return { rcode: 'NOERROR', answers: [{ type: 'CNAME', name, data: svc.spec.externalName ?? '' }] };
  if (qtype !== 'A' && qtype !== 'ANY') return { rcode: 'NOERROR', answers: [] };
  if (!isHeadless(svc)) return svc.spec?.clusterIP ? { rcode: 'NOERROR', answers: [{ type: 'A', name, data: svc.spec.clusterIP }] } : { rcode: 'NXDOMAIN' };
  const eps = readyEndpoints(view, svc);
  return eps.length ? { rcode: 'NOERROR', answers: eps.map((e) => ({ type: 'A', name, data: e.ip })) } : { rcode: 'NXDOMAIN' };
}

function srvAnswer(view: ClusterView, svc: Service, name: string, portName: string, proto: string): Answer {
  const port = (svc.spec?.ports ?? []).find((p) => p.name && p.name.toLowerCase() === portName && (p.protocol ?? 'TCP').toLowerCase() === proto);
  if (!port) return { rcode: 'NXDOMAIN' };
  if (!isHeadless(svc)) return { rcode: 'NOERROR', answers: [{ type: 'SRV', name, data: { priority: 0, weight: 100, port: port.port, target: serviceName(svc) } }] };
  const eps = readyEndpoints(view, svc);
  if (!eps.length) return { rcode: 'NXDOMAIN' };
  // Headless: one record per ready endpoint, with the endpoints' port (the resolved targetPort).
  const endpointPort = view.slices(svc.metadata?.namespace ?? '', svc.metadata?.name ?? '').flatMap((s) => s.ports ?? []).find((p) => p.name === port.name)?.port ?? port.port;
  const weight = Math.floor(100 / eps.length);
  return {
    rcode: 'NOERROR',
    answers: eps.map((e) => ({ type: 'SRV', name, data: { priority: 0, weight, port: endpointPort, target: `${e.hostname ?? dashed(e.ip)}.${serviceName(svc)}` } })),
  };
}

function reverseAnswer(view: ClusterView, name: string, labels: string[]): Answer {
  if (labels.length !== 6) return { rcode: 'FORWARD' };
  const ip = labels.slice(0, 4).reverse().join('.');
  for (const svc of view.services()) {
    if (svc.spec?.clusterIP === ip) return { rcode: 'NOERROR', answers: [{ type: 'PTR', name, data: serviceName(svc) }] };
    if (!isHeadless(svc)) continue;
    const e = readyEndpoints(view, svc).find((x) => x.ip === ip);
    if (e) return { rcode: 'NOERROR', answers: [{ type: 'PTR', name, data: `${e.hostname ?? dashed(e.ip)}.${serviceName(svc)}` }] };
  }
  return { rcode: 'FORWARD' };
}

/** The answer to one question. */
export function answer(view: ClusterView, qname: string, qtype: string): Answer {
  const name = qname.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (name.endsWith('.in-addr.arpa')) return qtype === 'PTR' || qtype === 'ANY' ? reverseAnswer(view, name, labels) : { rcode: 'FORWARD' };
  if (name !== clusterDomain && !name.endsWith(`.${clusterDomain}`)) return { rcode: 'FORWARD' };
  const inZone = name === clusterDomain ? [] : labels.slice(0, labels.length - 2);
  const kind = inZone.at(-1);
  // The zone apex and its fixed subdomains exist (empty answers).
  if (inZone.length === 0 || (inZone.length === 1 && (kind === 'svc' || kind === 'pod'))) return { rcode: 'NOERROR', answers: [] };
  if (kind === 'pod' && inZone.length === 3) {
    const ip = inZone[0]!.split('-');
    if (ip.length === 4 && ip.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) {
      return { rcode: 'NOERROR', answers: qtype === 'A' || qtype === 'ANY' ? [{ type: 'A', name, data: ip.join('.') }] : [] };
    }
    return { rcode: 'NXDOMAIN' };
  }
  if (kind !== 'svc') return { rcode: 'NXDOMAIN' };
  const parts = inZone.slice(0, -1); // [..., svc, ns]
  if (parts.length === 1) return { rcode: 'NOERROR', answers: [] }; // <ns>.svc: a namespace (CoreDNS answers NOERROR for existing ones)
  const ns = parts.at(-1)!;
  const svc = view.service(ns, parts.at(-2)!);
  if (!svc) return { rcode: 'NXDOMAIN' };
  if (parts.length === 2) return serviceAnswer(view, svc, name, qtype);
  if (parts.length === 3) {
    // <hostname>.<svc>.<ns>.svc, or <a-b-c-d>.<svc> for endpoints without hostname.
    if (!isHeadless(svc)) return { rcode: 'NXDOMAIN' };
    const e = readyEndpoints(view, svc).find((x) => (x.hostname ?? dashed(x.ip)) === parts[0]);
    if (!e) return { rcode: 'NXDOMAIN' };
    return { rcode: 'NOERROR', answers: qtype === 'A' || qtype === 'ANY' ? [{ type: 'A', name, data: e.ip }] : [] };
  }
  if (parts.length === 4 && parts[0]!.startsWith('_') && parts[1]!.startsWith('_')) {
    return qtype === 'SRV' || qtype === 'ANY' ? srvAnswer(view, svc, name, parts[0]!.slice(1), parts[1]!.slice(1)) : { rcode: 'NOERROR', answers: [] };
  }
  return { rcode: 'NXDOMAIN' };
}
