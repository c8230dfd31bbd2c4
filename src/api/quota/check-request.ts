// Quota admission's decision for one request (upstream resourcequota CheckRequest): which quotas the object
// falls under, whether it states what they require, and the usage each quota would have if the request is
// admitted — or the upstream message of the first quota it would exceed. Pure: the caller persists the charge.
import type { KubeObject } from '../meta/kind-rules.js';
import { quotaMatches, type AdmissionOperation, type QuotaEvaluator, type ScopeRequirement } from './evaluator.js';
import {
  addLists, exceededNames, maskList, negativeNames, prettyPrint, prettyPrintNames, removeZeros, resourceNames, subtractNonNegative,
  type ResourceList,
} from './resource-list.js';

/** A quota as admission sees it: its status (hard and used) and its scopes. */
export interface QuotaState {
  readonly name: string;
  readonly hard: ResourceList;
  readonly used: ResourceList;
  readonly scopes: readonly ScopeRequirement[];
}

export interface QuotaRequest {
  readonly op: AdmissionOperation;
  readonly subresource: string;
  readonly obj: KubeObject;
  readonly old: KubeObject | undefined;
  readonly nowMs: number;
}

/** allowed with the new status.used of every quota the request charges (empty: nothing to write), or the reason. */
export type QuotaDecision =
  | { readonly allowed: true; readonly charges: ReadonlyMap<string, ResourceList> }
  | { readonly allowed: false; readonly message: string };

const allowed: QuotaDecision = { allowed: true, charges: new Map() };

/** Upstream hasUsageStats: every tracked hard resource already has a used value from the quota controller. */
function hasUsageStats(q: QuotaState, tracked: readonly string[]): boolean {
  return tracked.every((r) => q.hard[r] === undefined || q.used[r] !== undefined);
}

function deltas(quotas: readonly QuotaState[], interesting: readonly QuotaState[], evaluator: QuotaEvaluator, req: QuotaRequest, input: ResourceList): Map<string, ResourceList> {
  const out = new Map(interesting.map((q) => [q.name, input] as const));
  const old = req.old;
  const oldRv = (old?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  if (req.op === 'UPDATE' && old && oldRv) {
    // An update is charged for what it adds, under the quotas the previous version already counted against.
    const delta = subtractNonNegative(input, evaluator.usage(old, req.nowMs));
    for (const q of quotas) if (out.has(q.name) && quotaMatches(evaluator, resourceNames(q.hard), q.scopes, old)) out.set(q.name, delta);
  }
  for (const [name, d] of out) {
    const nonZero = removeZeros(d);
    if (Object.keys(nonZero).length) out.set(name, nonZero);
    else out.delete(name);
  }
  return out;
}

export function checkRequest(quotas: readonly QuotaState[], evaluator: QuotaEvaluator, req: QuotaRequest): QuotaDecision {
  if (quotas.length === 0 || !evaluator.handles(req.op, req.subresource, req.obj, req.old)) return allowed;
  const interesting: QuotaState[] = [];
  for (const q of quotas) {
    const hardNames = resourceNames(q.hard);
    if (!quotaMatches(evaluator, hardNames, q.scopes, req.obj)) continue;
    const tracked = evaluator.matchingResources(hardNames);
    const missing = evaluator.constraints(tracked, req.obj);
    if (missing) return { allowed: false, message: `failed quota: ${q.name}: ${missing}` };
    if (!hasUsageStats(q, tracked)) return { allowed: false, message: `status unknown for quota: ${q.name}, resources: ${prettyPrintNames(tracked)}` };
    interesting.push(q);
  }
  const input = evaluator.usage(req.obj, req.nowMs);
  const negative = negativeNames(input);
  if (negative.length) return { allowed: false, message: `quota usage is negative for resource(s): ${prettyPrintNames(negative)}` };
  const byQuota = deltas(quotas, interesting, evaluator, req, input);
  const charges = new Map<string, ResourceList>();
  for (const q of interesting) {
    const delta = byQuota.get(q.name);
    if (!delta) continue;
    const requested = maskList(delta, resourceNames(q.hard));
    const next = addLists(q.used, requested);
    if (req.subresource !== 'status') {
      const exceeded = exceededNames(maskList(next, resourceNames(requested)), q.hard);
      if (exceeded.length) {
        return {
          allowed: false,
          message: `exceeded quota: ${q.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(q.used, exceeded))}, limited: ${prettyPrint(maskList(q.hard, exceeded))}`,
        };
      }
    }
    if (Object.keys(requested).length) charges.set(q.name, next);
  }
  return { allowed: true, charges };
}
