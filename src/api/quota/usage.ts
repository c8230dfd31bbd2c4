// What a quota's namespace uses (upstream quota.CalculateUsage): every tracked hard resource starts at zero, and
// each object of a measured kind that falls under all the quota's scopes adds its usage. Pure: objects are given.
import type { KubeObject } from '../meta/kind-rules.js';
import type { ScopeRequirement } from './evaluator.js';
import { evaluatorsForQuota } from './registry.js';
import { addLists, maskList, resourceNames, zeroList, type ResourceList } from './resource-list.js';

export interface UsageResult {
  readonly used: ResourceList;
  /** Kinds whose objects were not available (their cache has not synced): their resources are left out. */
  readonly unavailable: readonly { group: string; resource: string }[];
}

/**
 * objectsOf returns the namespace's objects of a kind, or undefined when they cannot be listed yet.
 * Hard resources no evaluator measures get no used value, as upstream.
 */
export function calculateUsage(hard: ResourceList, scopes: readonly ScopeRequirement[], objectsOf: (group: string, resource: string) => readonly KubeObject[] | undefined, nowMs: number): UsageResult {
  let used: ResourceList = {};
  const measured: string[] = [];
  const unavailable: { group: string; resource: string }[] = [];
  for (const { evaluator, names } of evaluatorsForQuota(resourceNames(hard))) {
    const objects = objectsOf(evaluator.group, evaluator.resource);
    if (!objects) {
      unavailable.push({ group: evaluator.group, resource: evaluator.resource });
      continue;
    }
    let sum = zeroList(names);
    for (const o of objects) if (scopes.every((s) => evaluator.matchesScope(s, o))) sum = addLists(sum, evaluator.usage(o, nowMs));
    used = addLists(used, maskList(sum, names));
    measured.push(...names);
  }
  return { used: maskList(used, measured), unavailable };
}
