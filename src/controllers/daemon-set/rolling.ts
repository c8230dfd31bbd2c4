// RollingUpdate (upstream rollingUpdate): with maxSurge 0, old pods are deleted while fewer than maxUnavailable
// desired nodes lack an available pod (the manage step then creates their new pods); with maxSurge, a new pod
// is created beside an old available one on at most maxSurge nodes, and the old pod goes once the new one is
// available. Both are percentages of desiredNumberScheduled rounded up. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, scaledValueFromIntOrPercent } from '../../api/index.js';
import { isPodUpdated, type DaemonSetObject } from './daemon-pod.js';
import type { NodeState } from './nodes.js';

export interface RollingInput {
  readonly ds: DaemonSetObject;
  readonly nodes: readonly NodeState[];
  readonly hash: string;
  readonly generation: string | undefined;
  readonly nowMs: number;
}

export interface RollingStep {
  /** Nodes that get a new pod (surge only). */
  readonly create: readonly string[];
  readonly delete: readonly Pod[];
}

/** maxSurge and maxUnavailable against desired (upstream SurgeCount/UnavailableCount, both rounded up; both zero → 1 unavailable). */
export function rollingBudget(ds: DaemonSetObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec?.updateStrategy;
  const ru = strategy?.type === 'RollingUpdate' ? strategy.rollingUpdate : undefined;
  const maxSurge = ru?.maxSurge !== undefined ? scaledValueFromIntOrPercent(ru.maxSurge, desired, true) : 0;
  let maxUnavailable = ru?.maxUnavailable !== undefined ? scaledValueFromIntOrPercent(ru.maxUnavailable, desired, true) : 0;
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** Surge is allowed when maxSurge is non-zero at all (upstream AllowsSurge: SurgeCount of 1 node). */
export const allowsSurge = (ds: DaemonSetObject): boolean => rollingBudget(ds, 1).maxSurge > 0;

/** The node's one new and one old live pod, or ok=false when it has more of either (manage prunes those first). */
function splitPods(n: NodeState, hash: string, generation: string | undefined): { ok: boolean; newPod?: Pod; oldPod?: Pod } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of n.pods) {
    if (p.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { ok: true, ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}) };
}

export function planRollingUpdate(input: RollingInput): RollingStep {
  const { ds, hash, generation, nowMs } = input;
  const desired = input.nodes.filter((n) => n.node && n.placement.shouldRun).length;
  const { maxSurge, maxUnavailable } = rollingBudget(ds, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod): boolean => isPodAvailable(p, minReady, nowMs);
  // The nodes upstream walks: every desired node, and every node with pods of the set.
  const nodes = input.nodes.filter((n) => (n.node && n.placement.shouldRun) || n.pods.length > 0);
  return maxSurge === 0 ? withoutSurge(nodes, maxUnavailable, available, hash, generation) : withSurge(nodes, { maxSurge, desired }, available, hash, generation);
}

/** Deleted pods are not unavailable, so an update makes progress while nodes are down. */
function withoutSurge(nodes: readonly NodeState[], maxUnavailable: number, available: (p: Pod) => boolean, hash: string, generation: string | undefined): RollingStep {
  let unavailable = 0;
  const replacements: Pod[] = [];
  const candidates: Pod[] = [];
  for (const n of nodes) {
    const { ok, newPod, oldPod } = splitPods(n, hash, generation);
    // Excess pods, or a node with none or with both: manage creates or prunes there; count it unavailable.
    if (!ok || (newPod && oldPod) || (!newPod && !oldPod)) { unavailable++; continue; }
    if (newPod) {
      if (!available(newPod)) unavailable++;
      continue;
    }
    if (!oldPod) continue;
    if (!available(oldPod)) {
      replacements.push(oldPod);
      unavailable++;
    } else if (unavailable < maxUnavailable) {
      candidates.push(oldPod);
    }
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  return { create: [], delete: [...replacements, ...candidates.slice(0, room)] };
}

/** With maxSurge the owner expects full availability: old pods go only once a new pod is available. */
function withSurge(nodes: readonly NodeState[], o: { maxSurge: number; desired: number }, available: (p: Pod) => boolean, hash: string, generation: string | undefined): RollingStep {
  let surging = 0;
  let availableCount = 0;
  const remove: Pod[] = [];
  const leaving: Pod[] = [];
  const replacements: string[] = [];
  const candidates: string[] = [];
  for (const n of nodes) {
    const { ok, newPod, oldPod } = splitPods(n, hash, generation);
    if (!ok) { surging++; continue; }
    const counted = oldPod ?? newPod;
    if (counted && available(counted)) availableCount++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!n.placement.shouldRun) remove.push(oldPod);
        else replacements.push(n.name);
      } else if (!n.placement.shouldRun) {
        leaving.push(oldPod);
      } else if (surging < o.maxSurge) {
        candidates.push(n.name);
      }
      continue;
    }
    if (!available(newPod)) surging++;
    else remove.push(oldPod);
  }
  // A node that no longer fits loses its available pod only while more pods are available than desired.
  const deletable = Math.min(Math.max(0, availableCount - o.desired), leaving.length);
  const room = Math.min(Math.max(0, o.maxSurge - surging), candidates.length);
  return { create: [...replacements, ...candidates.slice(0, room)], delete: [...remove, ...leaving.slice(0, deletable)] };
}
