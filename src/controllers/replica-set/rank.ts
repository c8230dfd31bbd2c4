// Which pods a ReplicaSet (or ReplicationController) deletes first when it scales down: upstream's
// ActivePodsWithRanks order. Pure: time comes in.
import type { Pod } from 'kubernetes-types/core/v1.js';

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: Pod): number | undefined {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Ready');
  if (c?.status !== 'True') return undefined;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return Number.isFinite(t) ? t : undefined;
}
const isReady = (pod: Pod): boolean => readySince(pod) !== undefined;
const restarts = (pod: Pod): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
/** Durations compared on a log2 scale (upstream LogarithmicScaleDown): pods of similar age tie. */
const logBucket = (ms: number): number => (ms <= 0 ? 0 : Math.floor(Math.log2(ms / 1000 + 1)));

/**
 * Sorts pods so that the first ones are deleted first: unscheduled before scheduled, Pending before Unknown
 * before Running, not ready before ready, more of the owner's pods on the same node first, ready for a
 * shorter time first, more restarts first, newer first; the uid breaks ties.
 */
export function deletionOrder(pods: readonly Pod[], related: readonly Pod[], nowMs: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: Pod): number => (p.spec?.nodeName ? perNode.get(p.spec.nodeName) ?? 0 : 0);
  return [...pods].sort((a, b) => {
    const sa = a.spec?.nodeName ? 1 : 0;
    const sb = b.spec?.nodeName ? 1 : 0;
    if (sa !== sb) return sa - sb;
    const pa = phaseOrder[a.status?.phase ?? 'Pending'] ?? 0;
    const pb = phaseOrder[b.status?.phase ?? 'Pending'] ?? 0;
    if (pa !== pb) return pa - pb;
    if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    const ra = readySince(a);
    const rb = readySince(b);
    if (ra !== undefined && rb !== undefined) {
      const la = logBucket(nowMs - ra);
      const lb = logBucket(nowMs - rb);
      if (la !== lb) return la - lb;
    }
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = Date.parse(a.metadata?.creationTimestamp ?? '');
    const cb = Date.parse(b.metadata?.creationTimestamp ?? '');
    if (Number.isFinite(ca) && Number.isFinite(cb)) {
      const la = logBucket(nowMs - ca);
      const lb = logBucket(nowMs - cb);
      if (la !== lb) return la - lb;
    }
    return (a.metadata?.uid ?? '').localeCompare(b.metadata?.uid ?? '');
  });
}
