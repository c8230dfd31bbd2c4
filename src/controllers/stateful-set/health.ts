// Pod health as the StatefulSet controller sees it (upstream stateful_set_utils): created, running and
// ready, available after minReadySeconds, healthy, terminating, finished. Pure: time comes in.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady, msUntilPodAvailable } from '../../api/index.js';

/** Created = the API server has given the pod a phase (every stored pod has one). */
export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? '') !== '';
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp != null;
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';

/** Running and Ready: phase Running and condition Ready=True. */
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);

/** Ready for at least minReadySeconds. */
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, nowMs);

export const msUntilAvailable = msUntilPodAvailable;

/** Healthy = running and ready, and not being deleted. */
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);
