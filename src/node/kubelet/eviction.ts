// The kubelet's eviction decision under node pressure (upstream's eviction manager, hard thresholds only):
// which resource to reclaim, which pod goes first, and the message its status and event carry. Pure: the
// caller measures usage and does the eviction (one pod per check, as upstream).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';

export type ReclaimResource = 'memory' | 'ephemeral-storage';

export interface ContainerUsage { name: string; bytes: number }
export interface PodUsage { pod: Pod; containers: ContainerUsage[]; /** Pod-level use not in a container (emptyDirs, logs). */ podBytes: number }

/** Grace period of a hard eviction (upstream's immediateEvictionGracePeriodSeconds). */
export const hardEvictionGraceSeconds = 1;

const requestOf = (pod: Pod, resource: ReclaimResource, container?: string): number =>
  (pod.spec?.containers ?? []).filter((c) => container === undefined || c.name === container)
    .reduce((sum, c) => sum + (c.resources?.requests?.[resource] !== undefined ? Number(parseQuantity(c.resources.requests[resource]!).integerValue()) : 0), 0);
const usageOf = (u: PodUsage): number => u.podBytes + u.containers.reduce((s, c) => s + c.bytes, 0);

/**
 * Upstream's ranking: pods using more than they requested first, then lower priority, then the most use above
 * the request.
 */
export function rankForEviction(resource: ReclaimResource, pods: readonly PodUsage[]): PodUsage[] {
  const over = (u: PodUsage): number => usageOf(u) - requestOf(u.pod, resource);
  return [...pods].sort((a, b) => Number(over(b) > 0) - Number(over(a) > 0) || (a.pod.spec?.priority ?? 0) - (b.pod.spec?.priority ?? 0) || over(b) - over(a));
}

/** A byte count as kubelet prints quantities (Ki when it divides, else plain bytes). */
export function formatBytes(n: number): string {
  return n % 1024 === 0 ? `${n / 1024}Ki` : String(n);
}

/** Upstream's message: the resource, the threshold and what was available, and each container over its request. */
export function evictionMessage(resource: ReclaimResource, thresholdBytes: number, availableBytes: number, usage: PodUsage): string {
  let message = `The node was low on resource: ${resource}. Threshold quantity: ${formatBytes(thresholdBytes)}, available: ${formatBytes(availableBytes)}. `;
  for (const c of usage.containers) {
    const request = requestOf(usage.pod, resource, c.name);
    if (c.bytes > request) message += `Container ${c.name} was using ${formatBytes(c.bytes)}, request is ${request}, has larger consumption of ${resource}. `;
  }
  return message;
}
