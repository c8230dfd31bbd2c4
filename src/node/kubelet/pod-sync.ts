// The pod worker's decisions (kubelet's computePodActions): from the pod's spec and what is observed of its
// sandbox and containers, what to do now — terminate, stop everything, make the sandbox and volumes, which
// init container or app containers to start, which wait in back-off, when to look again. Pure: the worker
// (pod-worker.ts) gathers the state and carries the plan out.
import { decideRestart, type BackoffEntry } from './restart.js';

/** A container as observed: never ran (or waits to be created), running, or exited with how it ended. */
export type ObservedContainer =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'exited'; exitCode: number; finishedAtMs: number };

export interface ContainerSyncState {
  /** "web", or "init/setup" for an init container. */
  key: string;
  observed: ObservedContainer;
  /** Its crash-loop back-off entry, once it has restarted. */
  backoff?: BackoffEntry;
  /** Image pull back-off: no pull before this time. */
  pullRetryAtMs?: number;
}

export interface PodSyncState {
  restartPolicy: string | undefined;
  /** The pod has a deletionTimestamp. */
  deleted: boolean;
  /** The pod reached Succeeded or Failed, or the kubelet evicted it: nothing starts again. */
  finished: boolean;
  sandboxReady: boolean;
  volumesReady: boolean;
  /** Init containers, in spec order. */
  init: ContainerSyncState[];
  containers: ContainerSyncState[];
  nowMs: number;
}

export type ContainerAction =
  /** restart: a previous run of the container ended (the restart count grows); backoff: the entry to keep from now. */
  | { kind: 'start'; key: string; restart: boolean; backoff?: BackoffEntry }
  /** The container stays down for waitMs more (CrashLoopBackOff, current delay delayMs). */
  | { kind: 'backOff'; key: string; delayMs: number; waitMs: number };

export type PodPlan =
  /** Deleted: stop the containers within the grace period, post the final status, release everything, delete. */
  | { kind: 'terminate' }
  /** Finished: stop whatever still runs (no grace), and start nothing. */
  | { kind: 'stopAll' }
  | {
    kind: 'run';
    createSandbox: boolean;
    prepareVolumes: boolean;
    /** In order; each assumes the sandbox and volumes are ready (the worker stops at a failed step). */
    actions: ContainerAction[];
    /** Sync again after this long (a back-off ends). */
    wakeAfterMs?: number;
  };

/** What to do with one container that is not running: start now, wait (maybe in back-off), or leave it stopped. */
type Decision = { kind: 'start'; action: ContainerAction } | { kind: 'wait'; ms: number; action?: ContainerAction } | { kind: 'stay' };

function decide(c: ContainerSyncState, policy: string | undefined, nowMs: number): Decision {
  if (c.pullRetryAtMs !== undefined && c.pullRetryAtMs > nowMs) return { kind: 'wait', ms: c.pullRetryAtMs - nowMs };
  const o = c.observed;
  if (o.kind === 'none') return { kind: 'start', action: { kind: 'start', key: c.key, restart: false } };
  if (o.kind === 'running') return { kind: 'stay' };
  const d = decideRestart(policy, o.exitCode, c.backoff, { nowMs, finishedMs: o.finishedAtMs });
  switch (d.kind) {
    case 'stay': return { kind: 'stay' };
    case 'backoff': return { kind: 'wait', ms: d.ms, action: { kind: 'backOff', key: c.key, delayMs: d.delayMs, waitMs: d.ms } };
    case 'restart': return { kind: 'start', action: { kind: 'start', key: c.key, restart: true, backoff: d.next } };
  }
}

/**
 * Init containers run one at a time, in order, each to a successful exit (restarted on failure unless the pod's
 * policy is Never); app containers start together once all have, and restart by the pod's policy. A running
 * container is kept whoever started it: after an agent restart, the containers the runtime lists as running
 * are adopted, not started again.
 */
export function computePodActions(state: PodSyncState): PodPlan {
  if (state.deleted) return { kind: 'terminate' };
  if (state.finished) return { kind: 'stopAll' };
  const actions: ContainerAction[] = [];
  let wake = Infinity;
  const plan = (): PodPlan => ({ kind: 'run', createSandbox: !state.sandboxReady, prepareVolumes: !state.volumesReady, actions, ...(wake !== Infinity ? { wakeAfterMs: wake } : {}) });
  const initPolicy = state.restartPolicy === 'Never' ? 'Never' : 'OnFailure';
  for (const c of state.init) {
    if (c.observed.kind === 'exited' && c.observed.exitCode === 0) continue;
    if (c.observed.kind === 'running') return plan();
    const d = decide(c, initPolicy, state.nowMs);
    if (d.kind === 'wait') { wake = d.ms; if (d.action) actions.push(d.action); }
    if (d.kind === 'start') actions.push(d.action);
    return plan();
  }
  for (const c of state.containers) {
    const d = decide(c, state.restartPolicy, state.nowMs);
    if (d.kind === 'wait') { wake = Math.min(wake, d.ms); if (d.action) actions.push(d.action); }
    if (d.kind === 'start') actions.push(d.action);
  }
  return plan();
}
