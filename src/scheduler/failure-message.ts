// FailedScheduling messages in upstream's shape: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s)
// didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not
// helpful for scheduling."
import type { FilterStatus } from './framework.js';

const countReasons = (statuses: readonly FilterStatus[], text: (s: FilterStatus) => string): string => {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(text(s), (counts.get(text(s)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([r, n]) => `${n} ${r}`).join(', ');
};

/** The message for a pod no node accepted: per-node statuses, or one pod-level status from a preFilter. */
export function failureMessage(nodeCount: number, failure: { podLevel?: FilterStatus; perNode?: readonly FilterStatus[] }): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  const head = `0/${nodeCount} nodes are available`;
  const statuses = failure.perNode ?? Array.from({ length: nodeCount }, () => failure.podLevel!);
  const reasons = failure.podLevel ? failure.podLevel.reason : countReasons(statuses, (s) => s.reason);
  const preemption = countReasons(statuses, (s) => (s.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod'));
  return `${head}: ${reasons}. preemption: ${head}: ${preemption}.`;
}
