// The node lifecycle controller's decision (upstream nodelifecycle monitorNodeHealth; eviction is the taint
// eviction controller's): a node whose kubelet lease was not renewed within the grace period gets Unknown
// conditions and the unreachable taints; a node its kubelet reports Ready=False gets the not-ready taints;
// a node Ready again loses them. Pure.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
const conditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export type NodeHealthAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'markUnknown'; readonly conditions: NodeCondition[]; readonly taints: Taint[] }
  | { readonly kind: 'setTaints'; readonly taints: Taint[] };

/** renewMs: the lease's renewTime (or the node's creation time when no lease exists yet). */
export function decideNodeHealth(node: Node, options: { renewMs: number; nowMs: number; gracePeriodMs: number; now: string }): NodeHealthAction {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const taints = node.spec?.taints ?? [];
  const hasUnreachable = taints.some((t) => t.key === unreachableTaintKey);
  const stale = options.nowMs - options.renewMs > options.gracePeriodMs;
  if (stale) {
    if (ready?.status === 'Unknown' && hasUnreachable) return { kind: 'none' };
    const conditions = conditionTypes.map((type): NodeCondition => {
      const prev = (node.status?.conditions ?? []).find((c) => c.type === type);
      return {
        type, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.',
        ...(prev?.lastHeartbeatTime ? { lastHeartbeatTime: prev.lastHeartbeatTime } : {}),
        lastTransitionTime: prev?.status === 'Unknown' ? prev.lastTransitionTime ?? options.now : options.now,
      };
    });
    const others = (node.status?.conditions ?? []).filter((c) => !conditionTypes.includes(c.type));
    const next = [...taints.filter((t) => t.key !== unreachableTaintKey), { key: unreachableTaintKey, effect: 'NoSchedule', timeAdded: options.now }, { key: unreachableTaintKey, effect: 'NoExecute', timeAdded: options.now }];
    return { kind: 'markUnknown', conditions: [...conditions, ...others], taints: next };
  }
  const health = (t: Taint): boolean => t.key === unreachableTaintKey || t.key === notReadyTaintKey;
  if (ready?.status === 'False' && !taints.some((t) => t.key === notReadyTaintKey)) {
    return { kind: 'setTaints', taints: [...taints.filter((t) => !health(t)), { key: notReadyTaintKey, effect: 'NoSchedule', timeAdded: options.now }, { key: notReadyTaintKey, effect: 'NoExecute', timeAdded: options.now }] };
  }
  if (ready?.status === 'True' && taints.some(health)) return { kind: 'setTaints', taints: taints.filter((t) => !health(t)) };
  return { kind: 'none' };
}
