// The Local APIServices a server keeps (upstream's autoregister controller): one per group-version it
// serves itself, with the upstream priority, labelled as managed; and how a live one must change.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, apiregistration, semanticEqual } from '../../api/index.js';

type APIService = apiregistration.APIService;

/** The label upstream's autoregister controller puts on the APIServices it owns. */
export const automanagedLabel = 'kube-aggregator.kubernetes.io/automanaged';

export interface LocalGroupVersion extends apiregistration.ApiServicePriority {
  readonly group: string;
  readonly version: string;
}

/** Upstream's crdRegistrationController: one Local APIService per group-version CRDs serve, at this priority. */
export const customResourcePriority: apiregistration.ApiServicePriority = { groupPriorityMinimum: 1000, versionPriority: 100 };

/** The group-versions the established CRDs serve (each once). */
export function customResourceGroupVersions(crds: readonly CustomResourceDefinition[]): LocalGroupVersion[] {
  const out = new Map<string, LocalGroupVersion>();
  for (const c of crds) {
    if (!apiextensions.isEstablished(c)) continue;
    for (const v of c.spec.versions) if (v.served) out.set(`${c.spec.group}/${v.name}`, { group: c.spec.group, version: v.name, ...customResourcePriority });
  }
  return [...out.values()];
}

/** `onstart` for what the server serves from its start (built-ins, providers); `true` for CRD group-versions (upstream). */
export function desiredLocalApiService(gv: LocalGroupVersion, managed: 'onstart' | 'true' = 'onstart'): APIService {
  return {
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService',
    metadata: { name: apiregistration.apiServiceNameOf(gv.group, gv.version), labels: { [automanagedLabel]: managed } },
    spec: { ...(gv.group ? { group: gv.group } : {}), version: gv.version, groupPriorityMinimum: gv.groupPriorityMinimum, versionPriority: gv.versionPriority },
  };
}

export type RegistrationAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'create'; readonly object: APIService }
  | { readonly kind: 'update'; readonly object: APIService }
  | { readonly kind: 'delete' };

/**
 * What to do for one APIService name: create a desired one that is missing, put back the spec (and label)
 * of a desired one that was changed, delete one this controller manages that is no longer served, and
 * leave everything else (user-created APIServices) alone. Never mutates `live`.
 */
export function registrationAction(desired: APIService | undefined, live: APIService | undefined): RegistrationAction {
  if (!desired) return live?.metadata?.labels?.[automanagedLabel] && !live.metadata.deletionTimestamp ? { kind: 'delete' } : { kind: 'none' };
  if (!live) return { kind: 'create', object: desired };
  // An `onstart` APIService the user pointed at a Service is theirs now (upstream's autoregister keeps its hands
  // off onstart ones after start): a real metrics-server replaces the built-in metrics API this way.
  if (desired.metadata?.labels?.[automanagedLabel] === 'onstart' && live.spec?.service) return { kind: 'none' };
  const labels = { ...(live.metadata?.labels ?? {}), ...(desired.metadata?.labels ?? {}) };
  if (semanticEqual(live.spec, desired.spec) && semanticEqual(live.metadata?.labels ?? {}, labels)) return { kind: 'none' };
  return { kind: 'update', object: { ...live, metadata: { ...live.metadata, labels }, ...(desired.spec ? { spec: desired.spec } : {}) } };
}

/**
 * The status a Local APIService must carry (upstream's local availability controller): the Available
 * condition True/Local; undefined when it has it already or is not local.
 */
export function localStatus(live: APIService, now: string): apiregistration.APIServiceStatus | undefined {
  if (!apiregistration.isLocalApiService(live)) return undefined;
  const conditions = apiregistration.withCondition(live.status?.conditions, apiregistration.localAvailableCondition(now));
  const cur = apiregistration.availableConditionOf(live);
  return cur?.status === 'True' && cur.reason === 'Local' && cur.message === apiregistration.localAvailableCondition(now).message ? undefined : { ...live.status, conditions };
}
