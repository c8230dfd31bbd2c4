// The services and persistentvolumeclaims quota evaluators and the generic object count evaluator
// (upstream evaluator/core/services.go, persistent_volume_claims.go, generic/evaluator.go).
import { claimClass, type ClaimObject } from '../core/v1/volume-binding.js';
import type { KubeObject } from '../meta/kind-rules.js';
import { parseQuantity } from '../resource/quantity.js';
import { objectCountName, type QuotaEvaluator } from './evaluator.js';
import { parseResourceList, type ResourceList } from './resource-list.js';

const zero = parseQuantity('0');
const count = (n: number) => parseQuantity(String(n));
const noScopes = (): boolean => false;
const noConstraints = (): undefined => undefined;

const serviceCount = objectCountName('', 'services');
const serviceResources = new Set([serviceCount, 'services', 'services.loadbalancers', 'services.nodeports']);

type ServiceShape = { spec?: { type?: string; ports?: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean } };

/** The quota-relevant service type (NodePort, LoadBalancer) or '' (upstream GetQuotaServiceType). */
export function quotaServiceType(svc: KubeObject): string {
  const t = (svc as ServiceShape).spec?.type;
  return t === 'NodePort' || t === 'LoadBalancer' ? t : '';
}

export const serviceEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'services',
  // Create and update: a service's type can change.
  handles: (op) => op === 'CREATE' || op === 'UPDATE',
  matchingResources: (names) => names.filter((n) => serviceResources.has(n)),
  matchesScope: noScopes,
  constraints: noConstraints,
  usage(obj) {
    const spec = (obj as ServiceShape).spec ?? {};
    const ports = spec.ports ?? [];
    const out: Record<string, ReturnType<typeof count>> = { [serviceCount]: count(1), services: count(1), 'services.loadbalancers': zero, 'services.nodeports': zero };
    if (spec.type === 'NodePort') out['services.nodeports'] = count(ports.length);
    if (spec.type === 'LoadBalancer') {
      // With node ports turned off only explicitly requested ones count: the intent, not what is allocated yet.
      out['services.nodeports'] = count(spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length);
      out['services.loadbalancers'] = count(1);
    }
    return out;
  },
};

const claimCount = objectCountName('', 'persistentvolumeclaims');
const claimResources = ['persistentvolumeclaims', 'requests.storage'];
const classSuffix = '.storageclass.storage.k8s.io/';

type ClaimShape = {
  metadata?: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string | null; resources?: { requests?: Record<string, string> } };
  status?: { allocatedResources?: Record<string, string> };
};

/** A resize moved status.allocatedResources.storage (upstream RequiresQuotaReplenish). */
export function allocatedStorageChanged(claim: KubeObject, old: KubeObject): boolean {
  const size = (o: KubeObject): string | undefined => (o as ClaimShape).status?.allocatedResources?.['storage'];
  return size(claim) !== size(old);
}

/** The requested storage in whole bytes, or the allocated size when a resize made it larger. */
function storageUsage(pvc: ClaimShape): ReturnType<typeof count> | undefined {
  const req = parseResourceList(pvc.spec?.resources?.requests)['storage'];
  if (!req) return undefined;
  const alloc = parseResourceList(pvc.status?.allocatedResources)['storage'];
  return (alloc && alloc.cmp(req) > 0 ? alloc : req).roundUp(0);
}

export const persistentVolumeClaimEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'persistentvolumeclaims',
  handles(op, subresource, obj, old) {
    if (subresource === '') return op === 'CREATE' || op === 'UPDATE';
    return subresource === 'status' && old !== undefined && allocatedStorageChanged(obj, old);
  },
  matchingResources: (names) => names.filter((n) => n === claimCount || claimResources.includes(n) || claimResources.some((r) => n.endsWith(classSuffix + r))),
  matchesScope: noScopes,
  constraints: noConstraints,
  usage(obj) {
    const out: Record<string, ReturnType<typeof count>> = { persistentvolumeclaims: count(1), [claimCount]: count(1) };
    const cls = claimClass(obj as unknown as ClaimObject);
    if (cls) out[`${cls}${classSuffix}persistentvolumeclaims`] = count(1);
    const storage = storageUsage(obj as ClaimShape);
    if (storage) {
      out['requests.storage'] = storage;
      if (cls) out[`${cls}${classSuffix}requests.storage`] = storage;
    }
    return out;
  },
};

/** Core kinds whose plain plural still names their object count (upstream legacyObjectCountAliases). */
export const legacyCountAliases: Readonly<Record<string, string>> = {
  configmaps: 'configmaps', secrets: 'secrets', replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
};

/** Counts objects of any other kind: `count/<resource>.<group>` (and the legacy alias for four core kinds). */
export function objectCountEvaluator(group: string, resource: string): QuotaEvaluator {
  const names = new Set([objectCountName(group, resource), ...(group === '' && legacyCountAliases[resource] ? [resource] : [])]);
  return {
    group,
    resource,
    handles: (op) => op === 'CREATE',
    matchingResources: (hard) => hard.filter((n) => names.has(n)),
    matchesScope: noScopes,
    constraints: noConstraints,
    usage: (): ResourceList => Object.fromEntries([...names].map((n) => [n, count(1)])),
  };
}
