// DaemonSet status (upstream updateDaemonSetStatus): per node that should run a pod, whether it has one, and
// whether the oldest is ready, available (minReadySeconds) and updated; pods on nodes that should not run one
// are misscheduled. Serialized with upstream's omitempty. Pure.
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady } from '../../api/index.js';
import { withoutZeros } from '../../util/index.js';
import { isPodUpdated, type DaemonSetObject } from './daemon-pod.js';
import type { NodeState } from './nodes.js';

export interface DaemonCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export function daemonCounts(nodes: readonly NodeState[], o: { hash: string; generation: string | undefined; minReadySeconds: number; nowMs: number }): DaemonCounts {
  const c: DaemonCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  for (const n of nodes) {
    if (!n.node) continue;
    const oldest: Pod | undefined = n.pods[0];
    if (!n.placement.shouldRun) {
      if (oldest) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!oldest) continue;
    c.currentNumberScheduled++;
    if (isPodReady(oldest)) {
      c.numberReady++;
      if (isPodAvailable(oldest, o.minReadySeconds, o.nowMs)) c.numberAvailable++;
    }
    if (isPodUpdated(oldest, o.hash, o.generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/**
 * The status to store: the counters, observedGeneration raised only when the sync acted on this generation,
 * the collision count, conditions kept. The four non-pointer counters without omitempty are always present.
 */
export function daemonStatus(ds: DaemonSetObject, counts: DaemonCounts, o: { observe: boolean; collisionCount: number }): DaemonSetStatus {
  const prev = ds.status;
  const observedGeneration = o.observe ? ds.metadata.generation ?? 0 : prev?.observedGeneration ?? 0;
  // A pointer upstream: absent until a collision was counted.
  const collisionCount = o.collisionCount > 0 || prev?.collisionCount !== undefined ? { collisionCount: o.collisionCount } : {};
  return {
    ...withoutZeros({ ...counts, observedGeneration }, ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'observedGeneration']),
    ...collisionCount,
    ...(prev?.conditions?.length ? { conditions: prev.conditions } : {}),
  };
}
