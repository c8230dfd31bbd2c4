// The rolling-update arithmetic (upstream deployment/rolling.go and util): how far the new ReplicaSet may
// scale up within maxSurge, and how far old ones may scale down within maxUnavailable. Pure.
import { scaledValueFromIntOrPercent } from '../../api/index.js';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { oldestFirst, replicasOf } from './replica-sets.js';

/** maxSurge and maxUnavailable for the Deployment; both zero would deadlock, so maxUnavailable becomes 1. */
export function fenceposts(d: DeploymentObject): { maxSurge: number; maxUnavailable: number } {
  if (d.spec.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const maxSurge = scaledValueFromIntOrPercent(ru?.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaledValueFromIntOrPercent(ru?.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** The sum of a per-ReplicaSet count (absent counts are 0). */
export const sum = (rss: readonly ReplicaSetObject[], f: (rs: ReplicaSetObject) => number | undefined): number => rss.reduce((n, rs) => n + (f(rs) ?? 0), 0);
const available = (rs: ReplicaSetObject): number => rs.status?.availableReplicas ?? 0;

/** The new ReplicaSet's size this step: up to replicas + maxSurge pods in all (upstream NewRSNewReplicas). */
export function newRSReplicas(d: DeploymentObject, allRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject | undefined): number {
  const replicas = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type === 'Recreate') return replicas;
  const current = newRS ? replicasOf(newRS) : 0;
  const total = sum(allRSs, replicasOf);
  const maxTotal = replicas + fenceposts(d).maxSurge;
  if (total >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - total, replicas - current));
}

/**
 * New sizes for old ReplicaSets (upstream reconcileOldReplicaSets): first their unavailable pods, then
 * available ones oldest ReplicaSet first, never below replicas - maxUnavailable available pods in all.
 */
export function oldReplicaSetSizes(d: DeploymentObject, oldRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject | undefined): Map<string, number> {
  const out = new Map<string, number>();
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  const oldPods = sum(oldRSs, replicasOf);
  if (oldPods === 0) return out;
  const replicas = d.spec.replicas ?? 1;
  const minAvailable = replicas - fenceposts(d).maxUnavailable;
  const newUnavailable = newRS ? replicasOf(newRS) - available(newRS) : 0;
  const maxScaledDown = sum(all, replicasOf) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  const size = (rs: ReplicaSetObject): number => out.get(rs.metadata.name) ?? replicasOf(rs);
  // 1. Unhealthy replicas first: they cost no availability.
  let cleaned = 0;
  for (const rs of oldestFirst(oldRSs)) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = size(rs) - available(rs);
    if (size(rs) === 0 || unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    out.set(rs.metadata.name, size(rs) - n);
    cleaned += n;
  }
  // 2. Available replicas, keeping minAvailable.
  const availableNow = sum(all, available);
  if (availableNow <= minAvailable) return out;
  const budget = availableNow - minAvailable;
  let scaled = 0;
  for (const rs of oldestFirst(oldRSs)) {
    if (scaled >= budget) break;
    if (size(rs) === 0) continue;
    const n = Math.min(size(rs), budget - scaled);
    out.set(rs.metadata.name, size(rs) - n);
    scaled += n;
  }
  return out;
}

/**
 * A replicas change while several ReplicaSets are active (upstream proportional scaling): the difference is
 * shared in proportion to their sizes, the rounding rest going to the newest.
 */
export function proportionalSizes(d: DeploymentObject, active: readonly ReplicaSetObject[]): Map<string, number> {
  const out = new Map<string, number>();
  const { maxSurge } = fenceposts(d);
  const allowed = (d.spec.replicas ?? 1) + maxSurge;
  const current = sum(active, replicasOf);
  const delta = allowed - current;
  if (delta === 0 || current === 0) return out;
  const newestFirst = [...oldestFirst(active)].reverse();
  let given = 0;
  for (const rs of newestFirst) {
    const share = delta > 0 ? Math.floor((replicasOf(rs) * delta) / current) : Math.ceil((replicasOf(rs) * delta) / current);
    out.set(rs.metadata.name, replicasOf(rs) + share);
    given += share;
  }
  const newest = newestFirst[0]!;
  out.set(newest.metadata.name, Math.max(0, out.get(newest.metadata.name)! + (delta - given)));
  return out;
}
