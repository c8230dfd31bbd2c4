// The ReplicaSet / ReplicationController rule (upstream replica_set.go manageReplicas and
// calculateStatus): how many pods to create, which to delete, and the status. Pure: state in, plan out.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodAvailable, isPodReady, msUntilPodAvailable } from '../../api/index.js';
import { deletionOrder } from './rank.js';

/** Upstream BurstReplicas: at most this many creations or deletions per sync. */
export const burstReplicas = 500;

export interface ReplicaCounts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface ReplicaInput {
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly templateLabels: Readonly<Record<string, string>>;
  /** The pods the owner controls (after adoption and release). */
  readonly pods: readonly Pod[];
  readonly nowMs: number;
  /** Count only, never create or delete (the owner is being deleted, or the cache lags our own writes). */
  readonly hold?: boolean;
}

export interface ReplicaPlan {
  readonly create: number;
  readonly delete: readonly Pod[];
  readonly counts: ReplicaCounts;
  readonly requeueAfterMs?: number;
}

export function planReplicas(input: ReplicaInput): ReplicaPlan {
  const active = input.pods.filter(isPodActive);
  const labels = Object.entries(input.templateLabels);
  const counts: ReplicaCounts = { replicas: active.length, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
  let requeueAfterMs: number | undefined;
  for (const p of active) {
    if (labels.every(([k, v]) => p.metadata?.labels?.[k] === v)) counts.fullyLabeledReplicas++;
    if (isPodReady(p)) counts.readyReplicas++;
    if (isPodAvailable(p, input.minReadySeconds, input.nowMs)) counts.availableReplicas++;
    const ms = msUntilPodAvailable(p, input.minReadySeconds, input.nowMs);
    if (ms !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? ms, ms);
  }
  const base = { counts, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  if (input.hold) return { create: 0, delete: [], ...base };
  const diff = active.length - input.replicas;
  if (diff < 0) return { create: Math.min(-diff, burstReplicas), delete: [], ...base };
  if (diff > 0) return { create: 0, delete: deletionOrder(active, active, input.nowMs).slice(0, Math.min(diff, burstReplicas)), ...base };
  return { create: 0, delete: [], ...base };
}
