// One scheduling attempt (upstream scheduleOne's algorithm part): preFilter, filter every node, score the
// feasible ones and pick the best; or explain the failure. Pure over its inputs.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from './cluster-cache.js';
import { failureMessage } from './failure-message.js';
import type { CycleState, FilterStatus, Plugin } from './framework.js';
import { podRequests } from './resources.js';

export type ScheduleResult =
  | { readonly kind: 'scheduled'; readonly node: string; readonly state: CycleState; readonly processed: number }
  | { readonly kind: 'unschedulable'; readonly message: string; readonly processed: number };

/** Upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const minFeasibleNodes = 100;
const minFeasiblePercentage = 5;

/**
 * How many feasible nodes to find before scoring (upstream numFeasibleNodesToFind with the adaptive
 * percentageOfNodesToScore): every node below 100, else 50% minus 1% per 125 nodes, at least 5%, at least 100.
 */
export function feasibleNodesToFind(allNodes: number): number {
  if (allNodes < minFeasibleNodes) return allNodes;
  const percentage = Math.max(minFeasiblePercentage, 50 - Math.floor(allNodes / 125));
  return Math.max(minFeasibleNodes, Math.floor((allNodes * percentage) / 100));
}

/**
 * tieBreak picks among equally scored nodes (the caller rotates it so ties spread). Filtering starts at
 * startIndex and stops once feasibleNodesToFind nodes passed; the caller moves startIndex on by `processed`
 * so every node gets its turn (upstream nextStartNodeIndex).
 */
export function scheduleOne(pod: Pod, options: { podKey: string; nodes: readonly NodeInfo[]; plugins: readonly Plugin[]; tieBreak: number; startIndex?: number }): ScheduleResult {
  const { nodes, plugins } = options;
  const state: CycleState = { podKey: options.podKey, requests: podRequests(pod), data: new Map() };
  for (const p of plugins) {
    const s = p.preFilter?.(pod, state);
    if (s) return { kind: 'unschedulable', message: failureMessage(nodes.length, { podLevel: s }), processed: 0 };
  }
  const failures: FilterStatus[] = [];
  const feasible: NodeInfo[] = [];
  const wanted = feasibleNodesToFind(nodes.length);
  const start = nodes.length ? (options.startIndex ?? 0) % nodes.length : 0;
  let processed = 0;
  for (; processed < nodes.length && feasible.length < wanted; processed++) {
    const node = nodes[(start + processed) % nodes.length]!;
    let failed: FilterStatus | undefined;
    for (const p of plugins) {
      failed = p.filter?.(pod, node, state);
      if (failed) break;
    }
    if (failed) failures.push(failed);
    else feasible.push(node);
  }
  if (feasible.length === 0) return { kind: 'unschedulable', message: failureMessage(nodes.length, { perNode: failures }), processed };
  let best: NodeInfo[] = [];
  let bestScore = -Infinity;
  for (const node of feasible) {
    let score = 0;
    for (const p of plugins) score += p.score?.(pod, node, state) ?? 0;
    if (score > bestScore + 1e-9) { bestScore = score; best = [node]; }
    else if (Math.abs(score - bestScore) <= 1e-9) best.push(node);
  }
  return { kind: 'scheduled', node: best[options.tieBreak % best.length]!.node.metadata.name, state, processed };
}
