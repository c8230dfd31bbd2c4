// Service and Endpoints cells (kubectl-compat.md §3.3, §3.6): cluster IP, external IP, ports, endpoint lists.
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { joinWithMore } from './cell-format.js';

/** v1→internal conversion fills clusterIPs from clusterIP, so either field works; `<none>` when neither is set. */
export function clusterIPCell(svc: Service): string {
  return svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
}

/** Load-balancer ingress IPs (else hostnames), sorted and de-duplicated. */
function loadBalancerAddresses(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

/**
 * The External-IP cell. Upstream clips the load-balancer list to 16 characters only for non-wide
 * output; server-side printing always renders wide, so the list is never clipped.
 */
export function externalIPCell(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** The Port(s) cell: `80/TCP`, or `80:30080/TCP` with a node port; `<none>` without ports. */
export function portsCell(ports: readonly ServicePort[] | undefined): string {
  const list = (ports ?? []).map((p) => {
    const proto = p.protocol ?? 'TCP';
    return p.nodePort !== undefined && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  });
  return list.length > 0 ? list.join(',') : '<none>';
}

/** net.JoinHostPort: IPv6 addresses are bracketed. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The Endpoints cell: `ip:port` per ready address and port (just `ip` without ports), at most 3 shown. */
export function endpointsCell(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) list.push(...addrs.map((a) => a.ip));
    else for (const p of ports) list.push(...addrs.map((a) => joinHostPort(a.ip, p.port)));
  }
  return joinWithMore(list, 3);
}
