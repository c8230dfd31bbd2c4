// The pod statuses a simulated kubelet reports (upstream's sequence: ContainerCreating, then Running,
// then Ready), and the decision of what to do next with a pod. Pure: time and addresses come in.
import type { Pod, PodCondition, PodStatus, ContainerStatus } from 'kubernetes-types/core/v1.js';
import { goDurationMs } from '../../util/index.js';

/** Annotations tests use to steer a simulated pod. */
export const annSimulateReady = 'skiff.io/simulate-ready';
export const annSimulatePhase = 'skiff.io/simulate-phase';
/** How long each run of the pod's containers lasts (a Go duration: "500ms", "10s", "2m"); absent: they never end. */
export const annSimulateRunTime = 'skiff.io/simulate-run-time';
/** The exit code of each run (default 0); with restartPolicy Never (or OnFailure and 0) the pod then ends. */
export const annSimulateExitCode = 'skiff.io/simulate-exit-code';

/** The simulated run time in ms, or undefined when the pod runs until deleted (or the annotation is malformed). */
export function runTimeMs(pod: Pod): number | undefined {
  const v = pod.metadata?.annotations?.[annSimulateRunTime];
  return v === undefined ? undefined : goDurationMs(v);
}

/** The simulated exit code (default 0; a malformed value is 1, as a crashing program's would be). */
export function exitCodeOf(pod: Pod): number {
  const v = pod.metadata?.annotations?.[annSimulateExitCode];
  if (v === undefined) return 0;
  return /^\d+$/.test(v) ? Number(v) : 1;
}

/** kubelet's CrashLoopBackOff: 10 s doubling to 5 minutes, by the restarts so far. */
export const crashLoopDelayMs = (restarts: number): number => Math.min(300_000, 10_000 * 2 ** Math.max(0, restarts - 1));

export type PodAction =
  | { readonly kind: 'none' }
  /** Posts the ContainerCreating status (Pending, containers waiting), as a kubelet does while it sets the pod up. */
  | { readonly kind: 'create' }
  | { readonly kind: 'start' }
  | { readonly kind: 'ready' }
  /** A Ready pod annotated skiff.io/simulate-ready: "false" loses readiness (its readiness probe starts failing). */
  | { readonly kind: 'unready' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'fail' }
  /** The containers' run ended (simulate-run-time): the pod finishes or its containers restart. */
  | { readonly kind: 'exit' }
  /** A restarted container's back-off is over: it runs again. */
  | { readonly kind: 'rerun' }
  /** A deleted pod's containers have stopped: its terminal status goes out before the final delete. */
  | { readonly kind: 'terminate' }
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
    if (due > options.nowMs) return { kind: 'wait', ms: due - options.nowMs };
    const phase = pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed' ? { kind: 'delete' } : { kind: 'terminate' };
  }
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return { kind: 'none' };
  // Read on every change, not only at creation (kwok's stages): a running pod annotated Failed fails too.
  if (pod.metadata?.annotations?.[annSimulatePhase] === 'Failed') return { kind: 'fail' };
  if (phase !== 'Running') {
    const creating = (pod.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === 'ContainerCreating');
    return creating ? { kind: 'start' } : { kind: 'create' };
  }
  const run = runTimeMs(pod);
  const container = pod.status?.containerStatuses?.[0];
  const waitingSince = Date.parse(container?.lastState?.terminated?.finishedAt ?? '');
  if (container?.state?.waiting && Number.isFinite(waitingSince)) {
    const due = waitingSince + crashLoopDelayMs(container.restartCount ?? 0);
    return due <= options.nowMs ? { kind: 'rerun' } : { kind: 'wait', ms: due - options.nowMs };
  }
  if (run !== undefined) {
    const due = (Date.parse(container?.state?.running?.startedAt ?? '') || options.nowMs) + run;
    if (due <= options.nowMs) return { kind: 'exit' };
    // Until then the pod turns ready as usual; the exit is due at the latest.
    const next = decideReady(pod, options);
    if (next.kind === 'wait') return { kind: 'wait', ms: Math.min(next.ms, due - options.nowMs) };
    return next.kind === 'none' ? { kind: 'wait', ms: due - options.nowMs } : next;
  }
  return decideReady(pod, options);
}

/** Whether the pod is held unready by its annotation (read on every change: setting it on a Ready pod takes readiness away). */
export const isHeldUnready = (pod: Pod): boolean => pod.metadata?.annotations?.[annSimulateReady] === 'false';

function decideReady(pod: Pod, options: { nowMs: number; defaultReadyMs: number }): PodAction {
  const ready = conditionTrue(pod.status, 'Ready');
  if (isHeldUnready(pod)) return ready ? { kind: 'unready' } : { kind: 'none' };
  if (ready) return { kind: 'none' };
  const started = Date.parse(pod.status?.startTime ?? '') || options.nowMs;
  const due = started + readyDelayMs(pod, options.defaultReadyMs);
  return due <= options.nowMs ? { kind: 'ready' } : { kind: 'wait', ms: due - options.nowMs };
}

/** The pod conditions a kubelet reports: the sandbox up or not, containers ready or not (with the upstream reason), PodScheduled kept. */
function conditions(pod: Pod, now: string, state: { sandboxReady: boolean; ready: boolean }): PodCondition[] {
  const scheduled = (pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled');
  const names = (pod.spec?.containers ?? []).map((c) => c.name).join(' ');
  const known = new Map((pod.status?.conditions ?? []).map((x) => [x.type, x]));
  // A condition keeps its lastTransitionTime while its status stays (a kubelet's readiness flip moves only Ready's).
  const c = (type: string, status: boolean): PodCondition => {
    const value = status ? 'True' : 'False';
    const since = known.get(type)?.status === value ? known.get(type)?.lastTransitionTime : undefined;
    return { type, status: value, lastTransitionTime: since ?? now };
  };
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
  // A restarted container keeps its count, last state and the start of its current run.
  const known = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const containerStatuses: ContainerStatus[] = (pod.spec?.containers ?? []).map((ctr) => {
    const prev = known.get(ctr.name);
    return {
      name: ctr.name, image: ctr.image ?? '', imageID: '', containerID: `simulated://${pod.metadata?.uid ?? ''}-${ctr.name}`,
      ready: options.ready, restartCount: prev?.restartCount ?? 0, started: true,
      ...(prev?.lastState ? { lastState: prev.lastState } : {}),
      state: { running: { startedAt: prev?.state?.running?.startedAt ?? startTime } },
    };
  });
  const conds = conditions(pod, options.now, { sandboxReady: true, ready: options.ready });
  return {
    ...(pod.status ?? {}),
    phase: 'Running', conditions: conds, hostIP: options.hostIP, hostIPs: [{ ip: options.hostIP }], podIP: options.podIP, podIPs: [{ ip: options.podIP }],
    startTime, containerStatuses,
  };
}

/**
 * Failed as a kubelet reports a container that exited with an error (a running container keeps its ID, start
 * and restart count); Ready and ContainersReady, when reported, turn False as for any container not ready.
 */
export function failedStatus(pod: Pod, options: { now: string; hostIP: string }): PodStatus {
  const known = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const names = (pod.spec?.containers ?? []).map((c) => c.name).join(' ');
  const notReady = (c: PodCondition): PodCondition => (c.type === 'Ready' || c.type === 'ContainersReady'
    ? { type: c.type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${names}]`, lastTransitionTime: options.now }
    : c);
  return {
    ...(pod.status ?? {}),
    phase: 'Failed', hostIP: options.hostIP, hostIPs: [{ ip: options.hostIP }], startTime: pod.status?.startTime ?? options.now,
    ...(pod.status?.conditions ? { conditions: pod.status.conditions.map(notReady) } : {}),
    containerStatuses: (pod.spec?.containers ?? []).map((ctr) => {
      const s = known.get(ctr.name);
      return {
        name: ctr.name, image: ctr.image ?? '', imageID: s?.imageID ?? '', ready: false, restartCount: s?.restartCount ?? 0, started: false,
        ...(s?.containerID ? { containerID: s.containerID } : {}),
        state: { terminated: { exitCode: 1, reason: 'Error', startedAt: s?.state?.running?.startedAt ?? options.now, finishedAt: options.now, ...(s?.containerID ? { containerID: s.containerID } : {}) } },
      };
    }),
  };
}

/**
 * The containers' run ended with the simulated exit code. Under restartPolicy Never (or OnFailure with 0) the
 * pod is terminal, as a kubelet reports it (Succeeded/Failed, Ready=False PodCompleted); otherwise each
 * container waits in CrashLoopBackOff (Always after a clean exit too) with the run in lastState.
 */
export function exitedStatus(pod: Pod, options: { now: string }): PodStatus {
  const code = exitCodeOf(pod);
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const terminal = policy === 'Never' || (policy === 'OnFailure' && code === 0);
  const reason = code === 0 ? 'Completed' : 'Error';
  const containerStatuses = (pod.status?.containerStatuses ?? []).map((s): ContainerStatus => {
    const terminated = { exitCode: code, reason, startedAt: s.state?.running?.startedAt ?? options.now, finishedAt: options.now, ...(s.containerID ? { containerID: s.containerID } : {}) };
    return terminal
      ? { ...s, ready: false, started: false, state: { terminated } }
      : { ...s, ready: false, started: false, restartCount: (s.restartCount ?? 0) + 1, lastState: { terminated }, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${crashLoopDelayMs((s.restartCount ?? 0) + 1) / 1000}s restarting failed container=${s.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})` } } };
  });
  const notReady = (type: string): PodCondition => terminal
    ? { type, status: 'False', reason: 'PodCompleted', lastTransitionTime: options.now }
    : { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containerStatuses.map((c) => c.name).join(' ')}]`, lastTransitionTime: options.now };
  const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? notReady(c.type) : terminal && c.type === 'PodReadyToStartContainers' ? { ...c, status: 'False', lastTransitionTime: options.now } : c));
  return { ...(pod.status ?? {}), ...(terminal ? { phase: code === 0 ? 'Succeeded' : 'Failed' } : {}), conditions, containerStatuses };
}

/** A container out of CrashLoopBackOff runs again (its Ready follows as after a start). */
export function rerunStatus(pod: Pod, options: { now: string }): PodStatus {
  return {
    ...(pod.status ?? {}),
    containerStatuses: (pod.status?.containerStatuses ?? []).map((s) => ({ ...s, started: true, state: { running: { startedAt: options.now } } })),
  };
}

/**
 * A deleted pod once its simulated processes stopped (killed by SIGTERM: exit 143), as a kubelet reports it
 * before the final delete: Failed, containers terminated (never started ones ContainerStatusUnknown), not ready.
 */
export function terminatedStatus(pod: Pod, options: { now: string }): PodStatus {
  const known = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const containerStatuses = (pod.spec?.containers ?? []).map((ctr): ContainerStatus => {
    const s = known.get(ctr.name);
    const startedAt = s?.state?.running?.startedAt;
    const terminated = startedAt
      ? { exitCode: 143, reason: 'Error', startedAt, finishedAt: options.now, ...(s?.containerID ? { containerID: s.containerID } : {}) }
      : { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', finishedAt: options.now };
    return { name: ctr.name, image: ctr.image ?? '', imageID: s?.imageID ?? '', ready: false, started: false, restartCount: s?.restartCount ?? 0, ...(s?.lastState ? { lastState: s.lastState } : {}), state: { terminated } };
  });
  const c = (type: string, reason?: string): PodCondition => ({ type, status: 'False', ...(reason ? { reason } : {}), lastTransitionTime: options.now });
  const scheduled = (pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: options.now };
  const initialized = (pod.status?.conditions ?? []).find((x) => x.type === 'Initialized') ?? { type: 'Initialized', status: 'True', lastTransitionTime: options.now };
  return {
    ...(pod.status ?? {}), phase: 'Failed', containerStatuses,
    conditions: [c('PodReadyToStartContainers'), initialized, c('Ready', 'PodCompleted'), c('ContainersReady', 'PodCompleted'), scheduled],
  };
}
