// What a kubelet that starts again makes of a pod it finds (kubelet restart): for each of the pod's containers,
// from the runtime's containers of the pod and the pod's status in the API — which run to watch as the current
// one (its id, start and attempt go on; readiness carries over when the API reported this very container), how a
// run that is gone ended, and the restart count and last state to continue from. Pure: the pod worker applies it.
import type { ContainerStateTerminated, ContainerStatus as ApiContainerStatus, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ContainerStatus } from '../runtime/container-runtime.js';
import type { ContainerPhase, Terminated } from './status.js';

export interface AdoptedContainer {
  restartCount?: number;
  imageID?: string;
  last?: Terminated;
  /** How it stands when nothing of it runs: ended (as the API said, or unknown), or waiting in back-off. */
  phase?: ContainerPhase;
  /** The runtime's container to watch as the current run. */
  watch?: { id: string; startedAt: Date; initial?: { ready: boolean; started: boolean } };
}

export interface AdoptionPlan {
  /** By container key ("web", "init/setup"); keys with nothing to take over are absent. */
  containers: Map<string, AdoptedContainer>;
  /** Older runs the runtime still holds: removed. */
  remove: string[];
}

/** A terminated state as the API has it, as the worker records it. */
export function terminatedFromApi(t: ContainerStateTerminated | undefined): Terminated | undefined {
  if (!t) return undefined;
  return {
    exitCode: t.exitCode, reason: t.reason ?? '', startedAt: t.startedAt ?? '', finishedAt: t.finishedAt ?? '', containerID: t.containerID ?? '',
    ...(t.message ? { message: t.message } : {}), ...(t.signal ? { signal: t.signal } : {}),
  };
}

/** Upstream's state for a container reported running that the runtime no longer has. */
export const statusUnknownMessage = 'The container could not be located when the pod was terminated';

export function planAdoption(input: { keys: readonly string[]; status: PodStatus | undefined; held: readonly ContainerStatus[]; runtimeName: string; now: string }): AdoptionPlan {
  const statuses = new Map<string, ApiContainerStatus>([
    ...(input.status?.initContainerStatuses ?? []).map((s): [string, ApiContainerStatus] => [`init/${s.name}`, s]),
    ...(input.status?.containerStatuses ?? []).map((s): [string, ApiContainerStatus] => [s.name, s]),
  ]);
  const containers = new Map<string, AdoptedContainer>();
  const remove: string[] = [];
  for (const key of input.keys) {
    const s = statuses.get(key);
    const out: AdoptedContainer = {};
    if (s) {
      out.restartCount = s.restartCount;
      out.imageID = s.imageID;
      const last = terminatedFromApi(s.lastState?.terminated);
      if (last) out.last = last;
    }
    // The latest run the runtime holds is the container now; older ones the earlier process had not removed yet.
    const mine = input.held.filter((c) => c.name === key).sort((a, b) => b.attempt - a.attempt);
    remove.push(...mine.slice(1).map((c) => c.id));
    const current = mine[0];
    if (current) {
      out.restartCount = current.attempt;
      const reported = s?.containerID === `${input.runtimeName}://${current.id}` ? { ready: s.ready, started: s.started ?? true } : undefined;
      out.watch = { id: current.id, startedAt: current.startedAt, ...(reported ? { initial: reported } : {}) };
    } else {
      const ended = terminatedFromApi(s?.state?.terminated);
      if (ended) out.phase = { kind: 'terminated', terminated: ended };
      else if (s?.state?.waiting?.reason === 'CrashLoopBackOff' && out.last) out.phase = { kind: 'waiting', reason: 'CrashLoopBackOff', message: s.state.waiting.message ?? '' };
      else if (s?.state?.running) {
        out.phase = { kind: 'terminated', terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: statusUnknownMessage, startedAt: s.state.running.startedAt ?? input.now, finishedAt: input.now, containerID: s.containerID ?? '' } };
      }
    }
    if (Object.keys(out).length) containers.set(key, out);
  }
  return { containers, remove };
}
