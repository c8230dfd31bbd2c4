// The APIService Available condition: lookups, upstream's SetAPIServiceCondition transition rule, the
// Local condition, and the group-version an APIService name stands for.
import type { APIService, APIServiceCondition } from './types.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** The condition the availability controllers maintain. */
export const availableCondition = 'Available';

export function availableConditionOf(svc: APIService): APIServiceCondition | undefined {
  return svc.status?.conditions?.find((c) => c.type === availableCondition);
}

/** True when the Available condition is present and exactly "True" (upstream IsAPIServiceConditionTrue). */
export function isApiServiceAvailable(svc: APIService): boolean {
  return availableConditionOf(svc)?.status === 'True';
}

/** True for APIServices served by this server itself (no service reference). */
export function isLocalApiService(svc: APIService): boolean {
  return !svc.spec?.service;
}

/**
 * Returns `conditions` with `next` set: a new condition is appended; an existing one keeps its
 * lastTransitionTime unless its status changes (reason and message always follow). Never mutates.
 */
export function withCondition(conditions: readonly APIServiceCondition[] | undefined, next: APIServiceCondition): APIServiceCondition[] {
  const list = (conditions ?? []).map((c) => ({ ...c }));
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, { ...next }];
  const cur = list[i]!;
  const moved = cur.status !== next.status && next.lastTransitionTime !== undefined;
  const { reason: _r, message: _m, ...kept } = cur;
  list[i] = {
    ...kept, status: next.status,
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
    ...(next.message !== undefined ? { message: next.message } : {}),
    ...(moved ? { lastTransitionTime: next.lastTransitionTime } : {}),
  };
  return list;
}

/** Upstream's condition for local APIServices. */
export function localAvailableCondition(now: string): APIServiceCondition {
  return { type: availableCondition, status: 'True', lastTransitionTime: now, reason: 'Local', message: 'Local APIServices are always available' };
}

/** `v1beta1.metrics.k8s.io` → { group: 'metrics.k8s.io', version: 'v1beta1' }; `v1.` → core v1. */
export function groupVersionOf(apiServiceName: string): { group: string; version: string } {
  const dot = apiServiceName.indexOf('.');
  if (dot < 0) return { group: '', version: apiServiceName };
  return { group: apiServiceName.slice(dot + 1), version: apiServiceName.slice(0, dot) };
}

/** The APIService name of a group-version: `<version>.<group>` (`v1.` for core). */
export function apiServiceNameOf(group: string, version: string): string {
  return `${version}.${group}`;
}
