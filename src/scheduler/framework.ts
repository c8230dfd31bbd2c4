// The scheduling framework's contract (upstream's, reduced to what Skiff runs): plugins may reject a pod
// outright (preFilter), reject a node (filter) and score the nodes left. A status's reason is the
// upstream text that FailedScheduling messages count per node.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfo } from './cluster-cache.js';
import type { Resources } from './resources.js';

export interface FilterStatus {
  readonly reason: string;
  /** UnschedulableAndUnresolvable: preemption could not help. */
  readonly unresolvable?: boolean;
}

/** Per-attempt scratch space plugins share (upstream CycleState). */
export interface CycleState {
  readonly podKey: string;
  readonly requests: Resources;
  readonly data: Map<string, unknown>;
}

export interface Plugin {
  readonly name: string;
  preFilter?(pod: Pod, state: CycleState): FilterStatus | undefined;
  filter?(pod: Pod, node: NodeInfo, state: CycleState): FilterStatus | undefined;
  /** 0 (worst) … 100 (best). */
  score?(pod: Pod, node: NodeInfo, state: CycleState): number;
}
