// Which network endpoint serves an APIService's service reference (upstream ResolveEndpoint with
// EndpointSlices, and the checks of the remote availability controller): the Service port, then a ready
// endpoint of the Service's EndpointSlices on that port's name, at the slice's (target) port.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { serviceNameLabel } from '../../discovery/v1/index.js';

export interface ServiceTarget {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
}

/** Why a service reference has no endpoint; the values are the Available condition's reasons. */
export type ResolutionFailure = 'ServiceNotFound' | 'ServicePortError' | 'EndpointsNotFound' | 'MissingEndpoints';

export type Resolution =
  | { readonly ok: true; readonly host: string; readonly port: number; readonly serverName: string }
  | { readonly ok: false; readonly reason: ResolutionFailure; readonly message: string };

/** The TLS server name a serving certificate of the Service must carry: `<name>.<namespace>.svc`. */
export function serviceServerName(t: Pick<ServiceTarget, 'namespace' | 'name'>): string {
  return `${t.name}.${t.namespace}.svc`;
}

/** The EndpointSlices that belong to the Service (label kubernetes.io/service-name, same namespace). */
export function slicesOfService(t: Pick<ServiceTarget, 'namespace' | 'name'>, slices: readonly EndpointSlice[]): EndpointSlice[] {
  return slices.filter((s) => s.metadata?.namespace === t.namespace && s.metadata.labels?.[serviceNameLabel] === t.name);
}

/** Ready addresses (ready unset counts as ready, as upstream) serving `portName`, with their port. */
export function readyEndpoints(portName: string, slices: readonly EndpointSlice[]): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  for (const s of slices) {
    if (s.addressType !== 'IPv4' && s.addressType !== 'IPv6') continue;
    const port = s.ports?.find((p) => (p.name ?? '') === portName && p.port !== undefined)?.port;
    if (port === undefined) continue;
    for (const e of s.endpoints) {
      const host = e.addresses[0];
      if (host !== undefined && e.conditions?.ready !== false) out.push({ host, port });
    }
  }
  return out;
}

/**
 * Resolves `target` against the Service and all EndpointSlices of the cluster (or of its namespace).
 * `pick(n)` chooses one of n ready endpoints (upstream: at random); it is injected for tests.
 */
export function resolveServiceEndpoint(target: ServiceTarget, service: Service | undefined, slices: readonly EndpointSlice[], pick: (n: number) => number): Resolution {
  const where = `service/${target.name} in ${JSON.stringify(target.namespace)}`;
  if (!service) return { ok: false, reason: 'ServiceNotFound', message: `${where} is not present` };
  const serverName = serviceServerName(target);
  if (service.spec?.type === 'ExternalName') {
    const host = service.spec.externalName ?? '';
    return host ? { ok: true, host, port: target.port, serverName } : { ok: false, reason: 'ServiceNotFound', message: `${where} has no externalName` };
  }
  const svcPort = service.spec?.ports?.find((p) => p.port === target.port);
  if (!svcPort) return { ok: false, reason: 'ServicePortError', message: `${where} is not listening on port ${target.port}` };
  const own = slicesOfService(target, slices);
  if (own.length === 0) return { ok: false, reason: 'EndpointsNotFound', message: `cannot find endpointslices for ${where}` };
  const portName = svcPort.name ?? '';
  const ready = readyEndpoints(portName, own);
  if (ready.length === 0) return { ok: false, reason: 'MissingEndpoints', message: `endpointslices for ${where} have no addresses with port name ${JSON.stringify(portName)}` };
  const chosen = ready[Math.min(ready.length - 1, Math.max(0, pick(ready.length)))]!;
  return { ok: true, host: chosen.host, port: chosen.port, serverName };
}

/** `https://<host>:<port>` with IPv6 hosts bracketed. */
export function endpointUrl(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
