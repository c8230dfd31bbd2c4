// The quota controller's decisions (upstream resource_quota_controller.go): the status a quota should have —
// status.hard mirrors spec.hard, status.used keeps measured values for exactly the hard resources — whether
// that differs from what is stored, and which changes of tracked objects call for a recount. Pure.
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import {
  allocatedStorageChanged, evaluatorsForQuota, formatResourceList, isPodChargeable, listsEqual, maskList, parseResourceList, quotaServiceType,
  resourceNames, type KubeObject, type ResourceList,
} from '../../api/index.js';

/** The status to store for a quota given its measured usage, or undefined when the stored status already says it. */
export function nextQuotaStatus(quota: ResourceQuota, measured: ResourceList): ResourceQuota['status'] | undefined {
  const hard = parseResourceList(quota.spec?.hard);
  const storedHard = quota.status?.hard;
  const storedUsed = quota.status?.used;
  // Values not measured now (a kind not listable yet) keep their last observation.
  const used = maskList({ ...parseResourceList(storedUsed), ...measured }, resourceNames(hard));
  const dirty = !storedHard || !storedUsed || !listsEqual(parseResourceList(storedHard), hard) || !listsEqual(parseResourceList(storedUsed), used);
  if (!dirty) return undefined;
  return { hard: formatResourceList(hard), used: formatResourceList(used) };
}

/** A new quota, a changed spec, or a status that lags its spec (hard differs, or a used value is missing) needs a sync. */
export function quotaNeedsSync(quota: ResourceQuota, old: ResourceQuota | undefined): boolean {
  if (!old) return true;
  if (JSON.stringify(quota.spec ?? {}) !== JSON.stringify(old.spec ?? {})) return true;
  const hard = parseResourceList(quota.spec?.hard);
  if (!listsEqual(parseResourceList(quota.status?.hard), hard)) return true;
  const used = quota.status?.used ?? {};
  // Only names some evaluator measures can ever get a used value.
  return evaluatorsForQuota(resourceNames(hard)).some((e) => e.names.some((n) => used[n] === undefined));
}

/**
 * Upstream's replenishment filter: deletions always free quota; of updates only a pod that stops being
 * charged, a service changing its quota type and a claim whose allocated size changed.
 */
export function updateFreesQuota(group: string, resource: string, obj: KubeObject, old: KubeObject, nowMs: number): boolean {
  if (group !== '') return false;
  switch (resource) {
    case 'pods': return isPodChargeable(old, nowMs) && !isPodChargeable(obj, nowMs);
    case 'services': return quotaServiceType(old) !== quotaServiceType(obj);
    case 'persistentvolumeclaims': return allocatedStorageChanged(obj, old);
    default: return false;
  }
}
