// The availability decisions for APIServices served by an extension server (upstream's remote
// availability controller), as pure functions: the Service, port and endpoint checks, then the discovery
// probe's verdict, each as the Available condition with upstream's reasons and messages.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { apiregistration } from '../../api/index.js';

type APIService = apiregistration.APIService;

/** An Available condition without its transition time (the shell stamps it). */
export interface AvailableVerdict {
  readonly status: apiregistration.ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

/** One GET of the discovery URL: the HTTP status, or the error that prevented one. */
export type ProbeResult = { readonly status: number } | { readonly error: string };

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
  /** `https://<host>:<port>/apis/<group>/<version>` (`/api/v1` for v1.). */
  readonly url: string;
  readonly path: string;
}

export type AvailabilityPlan =
  | { readonly kind: 'verdict'; readonly verdict: AvailableVerdict }
  | { readonly kind: 'probe'; readonly targets: readonly ProbeTarget[] };

/** How many GETs one check makes; one success is enough (upstream: 5 concurrent attempts). */
export const probeAttempts = 5;

/**
 * What to do for a non-local APIService: a failing verdict when the Service, its port or a ready
 * endpoint is missing; otherwise the discovery URLs to probe (one per attempt, each at an endpoint `pick`
 * chose). Undefined for local APIServices (they are the registration controller's).
 */
export function planAvailabilityCheck(svc: APIService, service: Service | undefined, slices: readonly EndpointSlice[], pick: (n: number) => number): AvailabilityPlan | undefined {
  const ref = svc.spec?.service;
  if (!ref) return undefined;
  const target = { namespace: ref.namespace ?? '', name: ref.name ?? '', port: ref.port ?? apiregistration.defaultServicePort };
  const path = svc.metadata?.name === 'v1.' ? `/api/${svc.spec?.version ?? 'v1'}` : `/apis/${svc.spec?.group ?? ''}/${svc.spec?.version ?? ''}`;
  const targets: ProbeTarget[] = [];
  for (let i = 0; i < probeAttempts; i++) {
    const r = apiregistration.resolveServiceEndpoint(target, service, slices, pick);
    if (!r.ok) return { kind: 'verdict', verdict: { status: 'False', reason: r.reason, message: r.message } };
    targets.push({ host: r.host, port: r.port, path, url: `${apiregistration.endpointUrl(r.host, r.port)}${path}` });
  }
  return { kind: 'probe', targets };
}

/**
 * The verdict of a probe round: Passed when any GET answered 2xx, else FailedDiscoveryCheck with the last
 * failure, worded as upstream (`failing or missing response from <url>: ...`).
 */
export function verdictAfterProbe(targets: readonly ProbeTarget[], results: readonly ProbeResult[]): AvailableVerdict {
  let message = 'no discovery check was made';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const url = targets[i]?.url ?? '';
    if ('status' in r && r.status >= 200 && r.status < 300) return { status: 'True', reason: 'Passed', message: 'all checks passed' };
    message = 'status' in r ? `failing or missing response from ${url}: bad status from ${url}: ${r.status}` : `failing or missing response from ${url}: ${r.error}`;
  }
  return { status: 'False', reason: 'FailedDiscoveryCheck', message };
}

/** The status to write, or undefined when `svc` already says the same (the lastTransitionTime moves only with the status). */
export function statusWithVerdict(svc: APIService, verdict: AvailableVerdict, now: string): apiregistration.APIServiceStatus | undefined {
  const cur = apiregistration.availableConditionOf(svc);
  if (cur && cur.status === verdict.status && cur.reason === verdict.reason && cur.message === verdict.message) return undefined;
  const conditions = apiregistration.withCondition(svc.status?.conditions, { type: apiregistration.availableCondition, ...verdict, lastTransitionTime: now });
  return { ...svc.status, conditions };
}
