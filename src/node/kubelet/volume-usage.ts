// A claim's usage where `kubectl describe pvc` shows it: the kubelet that mounts a persistent volume writes a
// condition of type skiff.io/VolumeUsage on its claim's status ("15.2Mi of 19.5Mi used (78%), 11 of 5120 inodes
// used"), from the same statfs as its stats/summary and kubelet_volume_stats_* gauges. A Skiff extension (upstream
// shows usage in metrics only), qualified by its domain as api conventions ask of custom condition types. Written
// when the usage moved by 1% of the capacity or more, at most once a minute per claim. The pure part.
import type { PersistentVolumeClaimCondition } from 'kubernetes-types/core/v1.js';
import type { VolumeStats } from '../../api/index.js';

export const volumeUsageCondition = 'skiff.io/VolumeUsage';
export const volumeUsageReportIntervalMs = 60_000;

const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
/** Bytes in binary units with one decimal where it matters: 0, 512, 1.5Ki, 15.2Mi, 2Gi. */
export function binaryBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const r = Math.round(v * 10) / 10;
  return `${Number.isInteger(r) ? String(r) : r.toFixed(1)}${units[u]}`;
}

export function usageMessage(v: VolumeStats): string {
  const capacity = v.capacityBytes ?? 0;
  const used = v.usedBytes ?? 0;
  const percent = capacity > 0 ? Math.round((used * 100) / capacity) : 0;
  const inodes = v.inodes !== undefined && v.inodesUsed !== undefined ? `, ${v.inodesUsed} of ${v.inodes} inodes used` : '';
  return `${binaryBytes(used)} of ${binaryBytes(capacity)} used (${percent}%)${inodes}`;
}

export interface Reported {
  usedBytes: number;
  capacityBytes: number;
  atMs: number;
}

/** Whether usage is worth a write: none reported yet, the capacity changed, or used moved by 1% of it (once a minute at most). */
export function usageDue(last: Reported | undefined, v: VolumeStats, nowMs: number): boolean {
  if (v.capacityBytes === undefined || v.usedBytes === undefined) return false;
  if (!last) return true;
  if (nowMs - last.atMs < volumeUsageReportIntervalMs) return false;
  return last.capacityBytes !== v.capacityBytes || Math.abs(last.usedBytes - v.usedBytes) >= v.capacityBytes / 100;
}

/** The claim's conditions with the usage condition set (others kept, in order); undefined when it already says so. */
export function withUsageCondition(conditions: readonly PersistentVolumeClaimCondition[] | undefined, v: VolumeStats, now: string): PersistentVolumeClaimCondition[] | undefined {
  const message = usageMessage(v);
  const current = (conditions ?? []).find((c) => c.type === volumeUsageCondition);
  if (current?.message === message) return undefined;
  const condition: PersistentVolumeClaimCondition = { type: volumeUsageCondition, status: 'True', lastProbeTime: now, lastTransitionTime: current?.lastTransitionTime ?? now, reason: 'Measured', message };
  return current ? (conditions ?? []).map((c) => (c.type === volumeUsageCondition ? condition : c)) : [...(conditions ?? []), condition];
}
