// The DaemonSet's pods by node (upstream getNodesToDaemonPods): each node with its placement and its pods,
// oldest first, in one pass over the pods, never a scan of all pods per node. Pure.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { targetNodeOf } from './daemon-pod.js';
import type { Placement, PlacementCheck } from './placement.js';

export interface NodeState {
  readonly name: string;
  /** Absent for a node that no longer exists but still has pods of the DaemonSet. */
  readonly node: Node | undefined;
  readonly placement: Placement;
  /** The DaemonSet's pods for this node, bound ones first, then oldest first (upstream podByCreationTimestampAndPhase). */
  readonly pods: readonly Pod[];
}

const gone: Placement = { shouldRun: false, shouldContinueRunning: false };
const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Upstream podByCreationTimestampAndPhase: bound before unbound, then by creation time, then by name. */
export function byAge(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return Date.parse(ca) - Date.parse(cb) || ca.localeCompare(cb);
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/**
 * Every node (in the given order) and then every vanished node that still has pods. A pod both terminal and
 * being deleted is left out: the kubelet or the pod GC finishes it, the controller has nothing to do with it.
 */
export function nodeStates(nodes: readonly Node[], pods: readonly Pod[], check: PlacementCheck): NodeState[] {
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (isTerminal(p) && p.metadata?.deletionTimestamp) continue;
    const name = targetNodeOf(p);
    if (name === undefined) continue;
    const list = byNode.get(name);
    if (list) list.push(p);
    else byNode.set(name, [p]);
  }
  const out: NodeState[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    seen.add(name);
    out.push({ name, node, placement: check(node), pods: (byNode.get(name) ?? []).sort(byAge) });
  }
  for (const [name, list] of byNode) if (!seen.has(name)) out.push({ name, node: undefined, placement: gone, pods: list.sort(byAge) });
  return out;
}
