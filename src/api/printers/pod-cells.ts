// Pod row cells (READY, STATUS, RESTARTS, AGE, IP, NODE, ...) by upstream's printPod algorithm
// (kubectl-compat.md §3.4): init containers, sidecars, container states, deletion, last restart age.
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { humanDuration, timestampMs, translateTimestampSince } from './human-duration.js';

/** status.reason the node lifecycle controller sets on pods of an unreachable node. */
const nodeUnreachablePodReason = 'NodeLost';

function hasCondition(conditions: readonly PodCondition[], type: string): boolean {
  return conditions.some((c) => c.type === type && c.status === 'True');
}

/** Restart count and newest last-termination time (ms since epoch; 0 = none) of some containers. */
interface Tally { restarts: number; lastRestart: number }

function addRestarts(t: Tally, cs: ContainerStatus): void {
  t.restarts += cs.restartCount ?? 0;
  const finished = timestampMs(cs.lastState?.terminated?.finishedAt);
  if (finished !== undefined && finished > t.lastRestart) t.lastRestart = finished;
}

/** The outcome of walking status.initContainerStatuses; `reason` is set when the pod is still initializing. */
interface InitWalk { reason?: string; readySidecars: number; all: Tally; sidecars: Tally }

function walkInitContainers(pod: Pod): InitWalk {
  const initContainers = pod.spec?.initContainers ?? [];
  const sidecarNames = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const walk: InitWalk = { readySidecars: 0, all: { restarts: 0, lastRestart: 0 }, sidecars: { restarts: 0, lastRestart: 0 } };
  for (const [i, cs] of (pod.status?.initContainerStatuses ?? []).entries()) {
    addRestarts(walk.all, cs);
    const isSidecar = sidecarNames.has(cs.name);
    if (isSidecar) addRestarts(walk.sidecars, cs);
    const { terminated, waiting } = cs.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && cs.started === true) {
      if (cs.ready === true) walk.readySidecars++;
      continue;
    }
    if (terminated) {
      walk.reason = terminated.reason ? `Init:${terminated.reason}`
        : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      walk.reason = `Init:${waiting.reason}`;
    } else {
      walk.reason = `Init:${i}/${initContainers.length}`;
    }
    break;
  }
  return walk;
}

/** The pod STATUS cell together with the counters the READY and RESTARTS cells need. */
export interface PodSummary { readonly reason: string; readonly ready: number; readonly total: number; readonly restarts: number; readonly lastRestartMs: number }

export function summarizePod(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const sidecarCount = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').length;
  const total = (pod.spec?.containers ?? []).length + sidecarCount;

  let reason = status.reason || status.phase || '';
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const init = walkInitContainers(pod);
  let ready = init.readySidecars;
  let tally = init.all;
  if (init.reason !== undefined) reason = init.reason;
  if (init.reason === undefined || hasCondition(conditions, 'Initialized')) {
    // Only sidecar restarts carry over; walking backwards lets the first container's state win.
    tally = { ...init.sidecars };
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      if (cs === undefined) continue;
      addRestarts(tally, cs);
      const { waiting, terminated, running } = cs.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (cs.ready === true && running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && status.reason === nodeUnreachablePodReason) reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  return { reason, ready, total, restarts: tally.restarts, lastRestartMs: tally.lastRestart };
}

/** The RESTARTS cell: `3`, or `3 (2m10s ago)` when a container's last termination time is known. */
export function restartsCell(s: PodSummary, now: Date): string {
  return s.restarts !== 0 && s.lastRestartMs !== 0 ? `${s.restarts} (${humanDuration(now.getTime() - s.lastRestartMs)} ago)` : String(s.restarts);
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passing}/${gates.length}`;
}

/** Name, Ready, Status, Restarts, Age, IP (w), Node (w), Nominated Node (w), Readiness Gates (w). */
export function podCells(pod: Pod, now: Date): unknown[] {
  const s = summarizePod(pod);
  // v1→internal conversion fills podIPs from podIP, so an object with only podIP still shows its IP.
  const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
  return [
    pod.metadata?.name ?? '', `${s.ready}/${s.total}`, s.reason, restartsCell(s, now), translateTimestampSince(pod.metadata?.creationTimestamp, now),
    ip, pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGatesCell(pod),
  ];
}
