// The pod status kubelet reports, from what the node knows of each container: phase (upstream's getPhase),
// conditions with their reasons, container and init container statuses (state, lastState, restartCount,
// ready, started). Pure: the worker hands in its records and the time.
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: string;
  finishedAt: string;
  containerID: string;
}

export type ContainerPhase =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: string; containerID: string; ready: boolean; started: boolean }
  | { kind: 'terminated'; terminated: Terminated };

export interface ContainerRecord {
  name: string;
  image: string;
  imageID: string;
  restartCount: number;
  phase: ContainerPhase;
  last?: Terminated;
}

export interface PodRecord {
  sandboxReady: boolean;
  hostIP: string;
  podIP?: string;
  startTime: string;
  init: ContainerRecord[];
  containers: ContainerRecord[];
  /** Set when the kubelet evicted the pod under node pressure: the message of its Failed/Evicted status. */
  evicted?: string;
  /** The pod was deleted and its containers have stopped: it gets a terminal phase before the final delete. */
  deleted?: boolean;
}

const terminatedState = (t: Terminated): ContainerState => ({
  terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: t.startedAt, finishedAt: t.finishedAt, containerID: t.containerID, ...(t.message ? { message: t.message } : {}), ...(t.signal ? { signal: t.signal } : {}) },
});

function containerStatus(r: ContainerRecord): ContainerStatus {
  const p = r.phase;
  const state: ContainerState = p.kind === 'waiting' ? { waiting: { reason: p.reason, ...(p.message ? { message: p.message } : {}) } }
    : p.kind === 'running' ? { running: { startedAt: p.startedAt } }
    : terminatedState(p.terminated);
  const containerID = p.kind === 'running' ? p.containerID : p.kind === 'terminated' ? p.terminated.containerID : r.last?.containerID;
  return {
    name: r.name, image: r.image, imageID: r.imageID, restartCount: r.restartCount,
    ready: p.kind === 'running' && p.ready, started: p.kind === 'running' && p.started,
    state, ...(r.last ? { lastState: terminatedState(r.last) } : {}), ...(containerID ? { containerID } : {}),
  };
}

const initSucceeded = (r: ContainerRecord): boolean => r.phase.kind === 'terminated' && r.phase.terminated.exitCode === 0;

/** upstream getPhase: init failures under Never fail the pod; waiting containers keep it Pending; the rest by restartPolicy. */
export function podPhase(pod: Pod, record: PodRecord): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  // A deleted pod ends terminal whatever its restart policy (upstream: the kubelet marks pods terminal before
  // their final delete): Succeeded only when every container ran and exited 0.
  if (record.deleted) {
    const clean = record.init.every(initSucceeded) && record.containers.every((r) => r.phase.kind === 'terminated' && r.phase.terminated.exitCode === 0);
    return clean ? 'Succeeded' : 'Failed';
  }
  const initFailed = record.init.some((r) => r.phase.kind === 'terminated' && r.phase.terminated.exitCode !== 0);
  if (initFailed && policy === 'Never') return 'Failed';
  if (!record.init.every(initSucceeded)) return 'Pending';
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const r of record.containers) {
    if (r.phase.kind === 'running') running++;
    else if (r.phase.kind === 'terminated') { stopped++; if (r.phase.terminated.exitCode === 0) succeeded++; }
    else if (r.last) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** Keeps a condition's lastTransitionTime while its status stays the same. */
function condition(previous: PodCondition[] | undefined, now: string, type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const since = (before && before.status === status ? before.lastTransitionTime : undefined) ?? now;
  return { type, status, lastTransitionTime: since, ...(reason && !ok ? { reason } : {}), ...(message && !ok ? { message } : {}) };
}

export function podStatus(pod: Pod, record: PodRecord, now: string): PodStatus {
  const phase = record.evicted !== undefined ? 'Failed' : podPhase(pod, record);
  const previous = pod.status?.conditions;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const incompleteInit = record.init.filter((r) => !initSucceeded(r)).map((r) => r.name);
  const unready = record.containers.filter((r) => !(r.phase.kind === 'running' && r.phase.ready)).map((r) => r.name);
  const initialized = incompleteInit.length === 0;
  // A finished pod's Ready reason is PodCompleted (upstream), not a list of containers.
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const scheduled = previous?.find((c) => c.type === 'PodScheduled') ?? condition(undefined, now, 'PodScheduled', true);
  const conditions = [
    condition(previous, now, 'PodReadyToStartContainers', record.sandboxReady && !terminal),
    condition(previous, now, 'Initialized', initialized, terminal && initialized ? undefined : 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition(previous, now, 'Ready', unready.length === 0 && !terminal, readyReason, readyMessage),
    condition(previous, now, 'ContainersReady', unready.length === 0 && !terminal, readyReason, readyMessage),
    scheduled,
  ];
  // An evicted pod: upstream's DisruptionTarget condition, reason and message.
  if (record.evicted !== undefined) conditions.push({ ...condition(previous, now, 'DisruptionTarget', true), reason: 'TerminationByKubelet', message: record.evicted });
  return {
    ...(pod.status ?? {}),
    ...(record.evicted !== undefined ? { reason: 'Evicted', message: record.evicted } : {}),
    phase,
    conditions,
    hostIP: record.hostIP, hostIPs: [{ ip: record.hostIP }],
    ...(record.podIP ? { podIP: record.podIP, podIPs: [{ ip: record.podIP }] } : {}),
    startTime: record.startTime,
    ...(record.init.length ? { initContainerStatuses: record.init.map(containerStatus) } : {}),
    containerStatuses: record.containers.map(containerStatus),
    qosClass: pod.status?.qosClass ?? qosClass(pod),
  };
}

/** Guaranteed when every container's requests equal its limits for cpu and memory; BestEffort when none set. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) if (limits[r] === undefined || String(requests[r]) !== String(limits[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
