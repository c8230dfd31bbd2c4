// Taint-based eviction (upstream taint-eviction-controller, formerly the NoExecuteTaintManager): a pod on
// a node with NoExecute taints is deleted at once when it tolerates one of them not, after the smallest
// tolerationSeconds when it tolerates them all for a while, never when it tolerates them forever. Pure.
import type { Pod, Taint } from 'kubernetes-types/core/v1.js';
import { tolerates } from '../../api/index.js';

export type EvictionDecision =
  | { readonly kind: 'keep' }
  | { readonly kind: 'evict' }
  | { readonly kind: 'wait'; readonly ms: number };

export function decideEviction(pod: Pod, taints: readonly Taint[], nowMs: number): EvictionDecision {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (!noExecute.length || pod.metadata?.deletionTimestamp) return { kind: 'keep' };
  let dueMs: number | undefined;
  for (const taint of noExecute) {
    const matching = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (!matching.length) return { kind: 'evict' };
    // Forever when any matching toleration has no tolerationSeconds; else the shortest one, from the taint's timeAdded.
    if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue;
    const seconds = Math.max(0, Math.min(...matching.map((t) => t.tolerationSeconds!)));
    const added = Date.parse(taint.timeAdded ?? '') || nowMs;
    const due = added + seconds * 1000;
    dueMs = dueMs === undefined ? due : Math.min(dueMs, due);
  }
  if (dueMs === undefined) return { kind: 'keep' };
  return dueMs <= nowMs ? { kind: 'evict' } : { kind: 'wait', ms: dueMs - nowMs };
}
