// The availability controller for APIServices served by extension servers (upstream's remote availability
// controller): on every change of the APIService, its Service or the Service's EndpointSlices, and every
// recheck interval (upstream: 30 s), it decides the Available condition (control.ts) and writes it when it
// changed. Local APIServices are the registration controller's.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { apiregistration, isConflict, isNotFound, lookupResource, serviceNameLabel } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';
import { planAvailabilityCheck, statusWithVerdict, verdictAfterProbe, type AvailableVerdict } from './control.js';
import type { DiscoveryProbe } from './probe.js';

export { HttpsDiscoveryProbe, type DiscoveryProbe } from './probe.js';
export { planAvailabilityCheck, verdictAfterProbe, statusWithVerdict, probeAttempts, type AvailabilityPlan, type ProbeResult, type ProbeTarget } from './control.js';

const apiServicesR = lookupResource('apiregistration.k8s.io', 'v1', 'apiservices')!;
const servicesR = lookupResource('', 'v1', 'services')!;
const slicesR = lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!;

export interface AvailabilityOptions {
  readonly probe: DiscoveryProbe;
  /** How often an APIService is checked again without a change (upstream: 30 s). */
  readonly recheckIntervalMs?: number;
  /** Chooses among n ready endpoints (default: at random). */
  readonly pick?: (n: number) => number;
}

export function startApiServiceAvailabilityController(ctx: ControllerContext, options: AvailabilityOptions): AsyncDisposable {
  // An APIService added or changed (a deleted one has no condition left to write).
  const b = controllerFor<apiregistration.APIService>(ctx, apiServicesR, { name: 'apiservice-availability', kind: 'APIService', delayOf: addsAndUpdates });
  const apiServices = b.primary;
  /** The APIServices served through the Service namespace/name. */
  const byService = (namespace: string, name: string): string[] => apiServices.list()
    .filter((s) => s.spec?.service?.namespace === namespace && s.spec.service.name === name).map((s) => s.metadata?.name ?? '');
  const services = b.watches<Service>(servicesR, ({ obj: s }) => byService(s.metadata?.namespace ?? '', s.metadata?.name ?? ''));
  const slices = b.watches<EndpointSlice>(slicesR, ({ obj: s }) => {
    const svc = s.metadata?.labels?.[serviceNameLabel];
    return svc ? byService(s.metadata?.namespace ?? '', svc) : [];
  });
  const recheck = options.recheckIntervalMs ?? 30_000;
  const pick = options.pick ?? ((n: number) => Math.floor(Math.random() * n));

  async function verdictOf(svc: apiregistration.APIService): Promise<AvailableVerdict | undefined> {
    const ref = svc.spec?.service;
    const service = ref ? services.get(`${ref.namespace ?? ''}/${ref.name ?? ''}`) : undefined;
    const plan = planAvailabilityCheck(svc, service, slices.list().filter((s) => s.metadata?.namespace === ref?.namespace), pick);
    if (!plan) return undefined;
    if (plan.kind === 'verdict') return plan.verdict;
    const results = await Promise.all(plan.targets.map((t) => options.probe.get(t)));
    return verdictAfterProbe(plan.targets, results);
  }

  return b.complete({
    async reconcile(name: string) {
      const svc = apiServices.get(name);
      if (!svc || apiregistration.isLocalApiService(svc)) return undefined;
      const verdict = await verdictOf(svc);
      if (!verdict) return undefined;
      const status = statusWithVerdict(svc, verdict, ctx.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
      if (status) {
        ctx.logger.info('APIService availability changed', { apiService: name, status: verdict.status, reason: verdict.reason, message: verdict.message });
        try {
          await ctx.client.update(apiServicesR, { ...svc, status }, 'status');
        } catch (e: unknown) {
          // Changed or deleted meanwhile: its informer event brings the key back.
          if (!isConflict(e) && !isNotFound(e)) throw e;
        }
      }
      // Reachability can change without any API event (the server stops): check again, sooner when failing.
      return { requeueAfterMs: verdict.status === 'True' ? recheck : Math.min(recheck, 5_000) };
    },
  }, { workers: 5 });
}
