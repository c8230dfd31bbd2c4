// One scheduling attempt (upstream scheduleOne's algorithm part): preFilter, filter every node, score the
// feasible ones and pick the best; or explain the failure. Pure over its inputs.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from './cluster-cache.js';
import { failureMessage } from './failure-message.js';
import type { CycleState, FilterStatus, Plugin } from './framework.js';
import { podRequests } from './resources.js';

export type ScheduleResult =
  | { readonly kind: 'scheduled'; readonly node: string; readonly state: CycleState }
  | { readonly kind: 'unschedulable'; readonly message: string };

/** tieBreak picks among equally scored nodes (the caller rotates it so ties spread). */
export function scheduleOne(pod: Pod, options: { podKey: string; nodes: readonly NodeInfo[]; plugins: readonly Plugin[]; tieBreak: number }): ScheduleResult {
  const { nodes, plugins } = options;
  const state: CycleState = { podKey: options.podKey, requests: podRequests(pod), data: new Map() };
  for (const p of plugins) {
    const s = p.preFilter?.(pod, state);
    if (s) return { kind: 'unschedulable', message: failureMessage(nodes.length, { podLevel: s }) };
  }
  const failures: FilterStatus[] = [];
  const feasible: NodeInfo[] = [];
  for (const node of nodes) {
    let failed: FilterStatus | undefined;
    for (const p of plugins) {
      failed = p.filter?.(pod, node, state);
      if (failed) break;
    }
    if (failed) failures.push(failed);
    else feasible.push(node);
  }
  if (feasible.length === 0) return { kind: 'unschedulable', message: failureMessage(nodes.length, { perNode: failures }) };
  let best: NodeInfo[] = [];
  let bestScore = -Infinity;
  for (const node of feasible) {
    let score = 0;
    for (const p of plugins) score += p.score?.(pod, node, state) ?? 0;
    if (score > bestScore + 1e-9) { bestScore = score; best = [node]; }
    else if (Math.abs(score - bestScore) <= 1e-9) best.push(node);
  }
  return { kind: 'scheduled', node: best[options.tieBreak % best.length]!.node.metadata.name, state };
}
