// The pod statuses a simulated kubelet reports (upstream's sequence: ContainerCreating, then Running,
// then Ready), and the decision of what to do next with a pod. Pure: time and addresses come in.
import type { Pod, PodCondition, PodStatus, ContainerStatus } from 'kubernetes-types/core/v1.js';

/** Annotations tests use to steer a simulated pod. */
export const annSimulateReady = 'skiff.io/simulate-ready';
export const annSimulatePhase = 'skiff.io/simulate-phase';

export type PodAction =
  | { readonly kind: 'none' }
  /** Posts the ContainerCreating status (Pending, containers waiting), as a kubelet does while it sets the pod up. */
  | { readonly kind: 'create' }
  | { readonly kind: 'start' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'fail' }
  | { readonly kind: 'delete' };

/** How long after start the pod turns Ready: the largest readinessProbe initialDelaySeconds, or the default. */
export function readyDelayMs(pod: Pod, defaultMs: number): number {
  const delays = (pod.spec?.containers ?? []).map((c) => (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000);
  return Math.max(defaultMs, ...delays);
}

const conditionTrue = (status: PodStatus | undefined, type: string): boolean => (status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/**
 * A running pod being deleted stops like a real container on SIGTERM: the final delete comes stopMs after the
 * kubelet saw the deletion (never later than the grace period), so `Terminating` is visible and a client that
 * waits for the deletion sees the old pod go before a controller's replacement appears. A pod that never ran goes at once.
 */
function deleteDueMs(pod: Pod, stopMs: number, seenMs: number): number {
  if (pod.status?.phase !== 'Running') return 0;
  return seenMs + Math.min((pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000, stopMs);
}

export function decidePodAction(pod: Pod, options: { nowMs: number; defaultReadyMs: number; stopMs?: number; deletionSeenMs?: number }): PodAction {
  if (pod.metadata?.deletionTimestamp) {
    const due = deleteDueMs(pod, options.stopMs ?? 0, options.deletionSeenMs ?? options.nowMs);
    return due <= options.nowMs ? { kind: 'delete' } : { kind: 'wait', ms: due - options.nowMs };
  }
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return { kind: 'none' };
  if (phase !== 'Running') {
    if (pod.metadata?.annotations?.[annSimulatePhase] === 'Failed') return { kind: 'fail' };
    const creating = (pod.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === 'ContainerCreating');
    return creating ? { kind: 'start' } : { kind: 'create' };
  }
  if (conditionTrue(pod.status, 'Ready') || pod.metadata?.annotations?.[annSimulateReady] === 'false') return { kind: 'none' };
  const started = Date.parse(pod.status?.startTime ?? '') || options.nowMs;
  const due = started + readyDelayMs(pod, options.defaultReadyMs);
  return due <= options.nowMs ? { kind: 'ready' } : { kind: 'wait', ms: due - options.nowMs };
}

/** The pod conditions a kubelet reports: the sandbox up or not, containers ready or not (with the upstream reason), PodScheduled kept. */
function conditions(pod: Pod, now: string, state: { sandboxReady: boolean; ready: boolean }): PodCondition[] {
  const scheduled = (pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled');
  const names = (pod.spec?.containers ?? []).map((c) => c.name).join(' ');
  const c = (type: string, status: boolean): PodCondition => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
  const containers = (type: string): PodCondition => (state.ready ? c(type, true) : { ...c(type, false), reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` });
  return [c('PodReadyToStartContainers', state.sandboxReady), c('Initialized', true), containers('Ready'), containers('ContainersReady'), scheduled ?? c('PodScheduled', true)];
}

/** ContainerCreating: still Pending, scheduled on the node, containers waiting while the sandbox is set up. */
export function containerCreatingStatus(pod: Pod, options: { now: string; hostIP: string }): PodStatus {
  return {
    ...(pod.status ?? {}),
    phase: 'Pending', hostIP: options.hostIP, hostIPs: [{ ip: options.hostIP }], startTime: pod.status?.startTime ?? options.now,
    conditions: conditions(pod, options.now, { sandboxReady: false, ready: false }),
    containerStatuses: (pod.spec?.containers ?? []).map((ctr) => ({ name: ctr.name, image: ctr.image ?? '', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } })),
  };
}

/** Running: every container started (ready or not), pod and host IPs set. */
export function runningStatus(pod: Pod, options: { now: string; ready: boolean; podIP: string; hostIP: string }): PodStatus {
  const startTime = pod.status?.startTime ?? options.now;
  const containerStatuses: ContainerStatus[] = (pod.spec?.containers ?? []).map((ctr) => ({
    name: ctr.name, image: ctr.image ?? '', imageID: '', containerID: `simulated://${pod.metadata?.uid ?? ''}-${ctr.name}`,
    ready: options.ready, restartCount: 0, started: true, state: { running: { startedAt: startTime } },
  }));
  const conds = conditions(pod, options.now, { sandboxReady: true, ready: options.ready });
  return {
    ...(pod.status ?? {}),
    phase: 'Running', conditions: conds, hostIP: options.hostIP, hostIPs: [{ ip: options.hostIP }], podIP: options.podIP, podIPs: [{ ip: options.podIP }],
    startTime, containerStatuses,
  };
}

/** Failed as a kubelet reports a container that exited with an error. */
export function failedStatus(pod: Pod, options: { now: string; hostIP: string }): PodStatus {
  return {
    ...(pod.status ?? {}),
    phase: 'Failed', hostIP: options.hostIP, hostIPs: [{ ip: options.hostIP }], startTime: pod.status?.startTime ?? options.now,
    containerStatuses: (pod.spec?.containers ?? []).map((ctr) => ({
      name: ctr.name, image: ctr.image ?? '', imageID: '', ready: false, restartCount: 0, started: false,
      state: { terminated: { exitCode: 1, reason: 'Error', startedAt: options.now, finishedAt: options.now } },
    })),
  };
}
