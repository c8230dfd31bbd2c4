// The DaemonSet rule (upstream syncDaemonSet, manage and podsShouldBeOnNode): per node, create the missing
// daemon pod, delete failed (with backoff) and succeeded ones, prune extra ones, remove pods from nodes that no
// longer fit; when that leaves nothing to do, take the next RollingUpdate step (rolling.ts). Pure: the
// DaemonSet, nodes, owned pods, the current revision hash and the failed-pod backoff in; writes, events,
// backoff and status counters out.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady, msUntilPodAvailable } from '../../api/index.js';
import { backoffRemainingMs, nextBackoff, type BackoffEntry } from './backoff.js';
import { revisionHashLabel, templateGenerationOf, type DaemonSetObject } from './daemon-pod.js';
import { nodeStates, type NodeState } from './nodes.js';
import { placementCheck } from './placement.js';
import { allowsSurge, planRollingUpdate } from './rolling.js';
import { daemonCounts, type DaemonCounts } from './status.js';

/** Upstream BurstReplicas: at most this many creations and as many deletions per sync. */
export const burstReplicas = 250;

export interface DaemonInput {
  readonly ds: DaemonSetObject;
  readonly nodes: readonly Node[];
  /** The pods the DaemonSet controls (after adoption and release). */
  readonly pods: readonly Pod[];
  /** The hash of the current revision (its controller-revision-hash label). */
  readonly hash: string;
  readonly nowMs: number;
  /** Failed-pod backoff of this DaemonSet and generation, by node. */
  readonly backoff: ReadonlyMap<string, BackoffEntry>;
  /** The cache has not seen this controller's last writes (expectations): counts only, observedGeneration kept. */
  readonly hold?: boolean;
}

export interface DaemonEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface DaemonPlan {
  /** Nodes to create a daemon pod on (at most burstReplicas). */
  readonly create: readonly string[];
  /** Pods to delete (at most burstReplicas). */
  readonly delete: readonly Pod[];
  readonly events: readonly DaemonEvent[];
  /** Backoff entries raised by this sync (failed pods deleted), by node. */
  readonly backoff: ReadonlyMap<string, BackoffEntry>;
  /** Absent when the status must not be written (the DaemonSet is being deleted or selects everything). */
  readonly counts?: DaemonCounts;
  /** Raise observedGeneration (the sync acted on this generation). */
  readonly observe: boolean;
  readonly requeueAfterMs?: number;
}

const isEmptySelector = (ds: DaemonSetObject): boolean =>
  Object.keys(ds.spec?.selector?.matchLabels ?? {}).length === 0 && (ds.spec?.selector?.matchExpressions ?? []).length === 0;

interface ManageStep { create: string[]; delete: Pod[]; events: DaemonEvent[]; backoff: Map<string, BackoffEntry>; waitMs?: number }

/** One node's share of manage (upstream podsShouldBeOnNode). */
function manageNode(input: DaemonInput, n: NodeState, surge: boolean, out: ManageStep): void {
  const { shouldRun, shouldContinueRunning } = n.placement;
  const ns = input.ds.metadata.namespace;
  if (shouldRun && n.pods.length === 0) {
    out.create.push(n.name);
    return;
  }
  if (!shouldContinueRunning) {
    for (const p of n.pods) if (!p.metadata?.deletionTimestamp) out.delete.push(p);
    return;
  }
  const running: Pod[] = [];
  for (const p of n.pods) {
    if (p.metadata?.deletionTimestamp) continue;
    const name = p.metadata?.name ?? '';
    if (p.status?.phase === 'Failed') {
      // The kubelet may keep rejecting the pod: delete the next failed one on this node only after a backoff.
      const entry = out.backoff.get(n.name) ?? input.backoff.get(n.name);
      const wait = backoffRemainingMs(entry, input.nowMs);
      if (wait !== undefined) {
        out.waitMs = Math.min(out.waitMs ?? wait, wait);
        continue;
      }
      out.backoff.set(n.name, nextBackoff(entry, input.nowMs));
      out.events.push({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${ns}/${name} on node ${n.name}, will try to kill it` });
      out.delete.push(p);
    } else if (p.status?.phase === 'Succeeded') {
      out.events.push({ type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${ns}/${name} on node ${n.name}, will try to delete it` });
      out.delete.push(p);
    } else {
      running.push(p);
    }
  }
  if (!surge) {
    // One pod per node: the oldest stays.
    out.delete.push(...running.slice(1));
    return;
  }
  if (running.length === 0) {
    if (shouldRun) out.create.push(n.name);
    return;
  }
  // Surging: the oldest new pod and the oldest old pod may coexist; the old one goes once it is not ready or the new one is available.
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const p of running) {
    const isNew = p.metadata?.labels?.[revisionHashLabel] === input.hash;
    if (isNew && !oldestNew) oldestNew = p;
    else if (!isNew && !oldestOld) oldestOld = p;
    else out.delete.push(p);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, input.ds.spec?.minReadySeconds ?? 0, input.nowMs))) out.delete.push(oldestOld);
}

/** Sync again when a ready pod becomes available (minReadySeconds) or a failed pod's backoff ends. */
function requeueAfter(nodes: readonly NodeState[], minReadySeconds: number, nowMs: number, waitMs: number | undefined): number | undefined {
  let ms = waitMs;
  if (minReadySeconds > 0) {
    for (const n of nodes) {
      for (const p of n.pods) {
        const left = msUntilPodAvailable(p, minReadySeconds, nowMs);
        if (left !== undefined) ms = Math.min(ms ?? left, left);
      }
    }
  }
  return ms;
}

export function planDaemonSet(input: DaemonInput): DaemonPlan {
  const { ds, hash, nowMs } = input;
  const none = { create: [], delete: [], backoff: new Map<string, BackoffEntry>(), observe: false };
  if (ds.metadata.deletionTimestamp) return { ...none, events: [] };
  if (isEmptySelector(ds)) return { ...none, events: [{ type: 'Warning', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.' }] };
  const generation = templateGenerationOf(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const nodes = nodeStates(input.nodes, input.pods, placementCheck(ds));
  const counts = daemonCounts(nodes, { hash, generation, minReadySeconds: minReady, nowMs });
  const requeue = (waitMs?: number): { requeueAfterMs?: number } => {
    const ms = requeueAfter(nodes, minReady, nowMs, waitMs);
    return ms !== undefined ? { requeueAfterMs: ms } : {};
  };
  if (input.hold) return { ...none, events: [], counts, ...requeue() };

  const step: ManageStep = { create: [], delete: [], events: [], backoff: new Map() };
  const surge = allowsSurge(ds);
  for (const n of nodes) {
    if (n.node) manageNode(input, n, surge, step);
    // A pod for a vanished node that was never bound: the pod GC only collects bound pods, so it is ours to delete.
    else for (const p of n.pods) if (!p.spec?.nodeName && !p.metadata?.deletionTimestamp) step.delete.push(p);
  }
  const rolling = step.create.length === 0 && step.delete.length === 0 && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
    ? planRollingUpdate({ ds, nodes, hash, generation, nowMs })
    : { create: [], delete: [] };
  return {
    create: [...step.create, ...rolling.create].slice(0, burstReplicas),
    delete: [...step.delete, ...rolling.delete].slice(0, burstReplicas),
    events: step.events,
    backoff: step.backoff,
    counts,
    observe: true,
    ...requeue(step.waitMs),
  };
}
