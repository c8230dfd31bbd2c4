// Which active pods a Job deletes when it has too many (upstream activePodsForRemoval): for Indexed Jobs
// first pods without a valid index and all but the most advanced pod of a repeated index, then the least
// advanced pods in upstream's ActivePods order. Pure.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodReady } from '../../api/index.js';
import { completionIndexOf, isIndexedJob } from './pod-facts.js';

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const readySince = (p: Pod): number => Date.parse((p.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime ?? '') || 0;
const restarts = (p: Pod): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
const created = (p: Pod): number => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

/** Upstream controller.ActivePods: less advanced first (unscheduled, Pending, not ready, ready briefly, restarting, newer). */
export function lessAdvancedFirst(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 1 : 0;
  const sb = b.spec?.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = phaseRank[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  if (ra && rb && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return created(b) - created(a);
}

export function activePodsForRemoval(job: Job, active: readonly Pod[], atLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left: Pod[] = [...active];
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    const byIndex = new Map<number, Pod[]>();
    left = [];
    for (const p of active) {
      const ix = completionIndexOf(p);
      if (ix === undefined || ix >= completions) { rm.push(p); continue; }
      let group = byIndex.get(ix);
      if (!group) byIndex.set(ix, (group = []));
      group.push(p);
    }
    for (const [, group] of [...byIndex].sort(([x], [y]) => x - y)) {
      // Keep the most advanced pod of each index; the others are duplicates.
      const sorted = group.sort(lessAdvancedFirst);
      const keep = sorted.pop();
      rm.push(...sorted);
      if (keep) left.push(keep);
    }
  }
  if (rm.length < atLeast) rm.push(...left.sort(lessAdvancedFirst).slice(0, atLeast - rm.length));
  return rm;
}
