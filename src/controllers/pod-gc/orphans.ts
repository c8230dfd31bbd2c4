// Orphaned pods (upstream PodGC gcOrphaned): a pod bound to a node that no longer exists has no kubelet to
// finish it. After a quarantine (the node may only be missing from a lagging cache) and a live check, it is
// marked Failed with DisruptionTarget and force-deleted. Pure: the status to write.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';

/** How long a node must be missing before its pods are collected (upstream quarantineTime). */
export const orphanQuarantineMs = 40_000;

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * The status an orphaned pod gets before its force delete: phase Failed and DisruptionTarget (DeletionByPodGC),
 * so whoever counts its failure sees why. Undefined for a pod that has finished already (left as it is).
 */
export function orphanedStatus(pod: Pod, now: string): PodStatus | undefined {
  if (isTerminal(pod)) return undefined;
  const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: now };
  return { ...pod.status, phase: 'Failed', conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition] };
}
