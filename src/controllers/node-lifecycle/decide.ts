// The node lifecycle controller's decision (upstream nodelifecycle monitorNodeHealth; eviction is the taint
// eviction controller's): a node whose kubelet lease was not renewed within the grace period gets Unknown
// conditions and the unreachable taints; a node its kubelet reports Ready=False gets the not-ready taints;
// a node Ready again loses them. Pressure conditions taint the node NoSchedule while they hold (upstream's
// TaintNodesByCondition). Pure.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
const conditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
/** Condition type → the NoSchedule taint it puts on the node while True. */
export const pressureTaints: readonly (readonly [string, string])[] = [
  ['MemoryPressure', 'node.kubernetes.io/memory-pressure'], ['DiskPressure', 'node.kubernetes.io/disk-pressure'], ['PIDPressure', 'node.kubernetes.io/pid-pressure'],
];

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
  let next = taints;
  if (ready?.status === 'False' && !taints.some((t) => t.key === notReadyTaintKey)) {
    next = [...taints.filter((t) => !health(t)), { key: notReadyTaintKey, effect: 'NoSchedule', timeAdded: options.now }, { key: notReadyTaintKey, effect: 'NoExecute', timeAdded: options.now }];
  } else if (ready?.status === 'True' && taints.some(health)) next = taints.filter((t) => !health(t));
  for (const [type, key] of pressureTaints) {
    const on = (node.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
    const has = next.some((t) => t.key === key && t.effect === 'NoSchedule');
    if (on && !has) next = [...next, { key, effect: 'NoSchedule' }];
    else if (!on && has) next = next.filter((t) => t.key !== key);
  }
  return next === taints ? { kind: 'none' } : { kind: 'setTaints', taints: next };
}
