// Test harness for the Job rule: a fake cluster (the job, its pods, a clock) on which the controller's pure
// steps run as the shell runs them (assess → pod writes → conclude → track → flush → finalizer removal →
// settle), with crash points between the writes, a restart that forgets everything in memory, and kubelet
// moves for pods. Invariants are checked after every step.
import assert from 'node:assert/strict';
import type { JobSpec, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { jobTrackingFinalizer } from '../../api/index.js';
import { rfc3339 } from '../../util/index.js';
import { noBackoff, type BackoffRecord } from './backoff.js';
import { assessJob, concludeJob, type JobEvent, type PodWork } from './control.js';
import { isJobFinished } from './conditions.js';
import type { JobObject } from './job-pod.js';
import { hasTrackingFinalizer } from './pod-facts.js';
import { settleJob, trackJob } from './tracking.js';

export const T0 = Date.parse('2026-12-01T10:00:00Z');

export interface FakeCluster {
  job: JobObject;
  pods: Map<string, Pod>;
  nowMs: number;
  events: JobEvent[];
  /** Controller memory: lost on restart. */
  backoff: BackoffRecord;
  /** Pods that ever finished, by uid: what the counters may at most add up to. */
  finishedOk: Set<string>;
  finishedBad: Set<string>;
  seq: number;
  statusWrites: number;
  /** The requeue the last sync asked for. */
  requeueAfterMs?: number;
}

export function cluster(spec: Partial<JobSpec>, options: { name?: string; status?: JobStatus } = {}): FakeCluster {
  const name = options.name ?? 'job';
  const job: JobObject = {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace: 'ns', uid: 'job-uid', generation: 1, creationTimestamp: rfc3339(new Date(T0)) },
    spec: {
      parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed',
      ...(spec.completions === undefined && spec.parallelism === undefined ? { completions: 1 } : {}),
      template: { metadata: { labels: { app: name } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      ...spec,
    },
    status: options.status ?? {},
  };
  return { job, pods: new Map(), nowMs: T0, events: [], backoff: noBackoff, finishedOk: new Set(), finishedBad: new Set(), seq: 0, statusWrites: 0 };
}

const now = (c: FakeCluster): string => rfc3339(new Date(c.nowMs));

/** The apiserver's part of a write: a deleted pod without finalizers goes; with them it stays, deleting. */
function applyDelete(c: FakeCluster, pod: Pod): void {
  if ((pod.metadata?.finalizers ?? []).length === 0) { c.pods.delete(pod.metadata!.name!); return; }
  if (!pod.metadata?.deletionTimestamp) c.pods.set(pod.metadata!.name!, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: now(c), deletionGracePeriodSeconds: 30 } });
}

function execute(c: FakeCluster, work: PodWork): { done: number; doneReady: number } {
  switch (work.kind) {
    case 'create':
      for (const p of work.pods) {
        const name = `${p.metadata!.generateName}${++c.seq}`;
        c.pods.set(name, { ...p, metadata: { ...p.metadata, name, uid: `uid-${name}`, creationTimestamp: now(c) }, status: { phase: 'Pending' } });
        c.events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}` });
      }
      return { done: work.pods.length, doneReady: 0 };
    case 'delete':
    case 'deleteActive':
      for (const p of work.pods) {
        const current = c.pods.get(p.metadata!.name!);
        if (!current) continue;
        const stripped = work.kind === 'delete' ? { ...current, metadata: { ...current.metadata, finalizers: (current.metadata?.finalizers ?? []).filter((f) => f !== jobTrackingFinalizer) } } : current;
        // Pods the controller kills because the job is failing count as failures.
        if (work.kind === 'deleteActive') c.finishedBad.add(p.metadata!.uid!);
        applyDelete(c, stripped);
        c.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata!.name}` });
      }
      return { done: work.pods.length, doneReady: work.pods.filter((p) => (p.status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')).length };
    default:
      return { done: 0, doneReady: 0 };
  }
}

/** Stop points inside a sync: after the pod writes, after the first status write, after the finalizer removals. */
export type CrashPoint = 'afterPodWrites' | 'afterFlush' | 'afterRemovals';

/** One sync as the shell runs it; with crash, the controller dies at that point (the rest of the sync is lost). */
export function sync(c: FakeCluster, crash?: CrashPoint): void {
  // The shell leaves finished jobs alone.
  if (isJobFinished(c.job)) return;
  const pods = [...c.pods.values()];
  const a = assessJob({ job: c.job, pods, nowMs: c.nowMs, expectationsSatisfied: true, expectedRemovals: new Set(), backoff: c.backoff });
  const outcome = execute(c, a.work);
  if (crash === 'afterPodWrites') return;
  const con = concludeJob(a, outcome);
  c.events.push(...con.events);
  const t = trackJob(con);
  if (t.needsFlush) { c.job = { ...c.job, status: t.status }; c.statusWrites++; c.backoff = a.backoff; }
  if (crash === 'afterFlush') return;
  const removed = new Set<string>();
  for (const p of t.removeFinalizers) {
    const current = c.pods.get(p.metadata!.name!);
    removed.add(p.metadata!.uid!);
    if (!current) continue;
    const next = { ...current, metadata: { ...current.metadata, finalizers: (current.metadata?.finalizers ?? []).filter((f) => f !== jobTrackingFinalizer) } };
    // The last finalizer of a deleted pod whose containers have stopped: the object goes.
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && ['Succeeded', 'Failed'].includes(next.status?.phase ?? '')) c.pods.delete(p.metadata!.name!);
    else c.pods.set(p.metadata!.name!, next);
  }
  if (crash === 'afterRemovals') return;
  const s = settleJob(t, removed, false);
  if (s.needsWrite) { c.job = { ...c.job, status: s.status }; c.statusWrites++; }
  c.events.push(...s.events);
  if (a.requeueAfterMs !== undefined) c.requeueAfterMs = a.requeueAfterMs;
  else delete c.requeueAfterMs;
  checkInvariants(c);
}

/** A new controller process: everything in memory (the backoff record) is gone. */
export function restart(c: FakeCluster): void {
  c.backoff = noBackoff;
}

export function advance(c: FakeCluster, ms: number): void {
  c.nowMs += ms;
}

/** The pods in creation order (by the sequence number in their names). */
export function podsInOrder(c: FakeCluster): Pod[] {
  const seq = (p: Pod): number => Number(/(\d+)$/.exec(p.metadata!.name!)?.[1] ?? 0);
  return [...c.pods.values()].sort((a, b) => seq(a) - seq(b));
}

const ready = (status: 'True' | 'False', at: string, reason?: string): PodCondition[] => [{ type: 'Ready', status, lastTransitionTime: at, ...(reason ? { reason } : {}) }];

/** Kubelet moves on the i-th live pod (creation order) or a pod by name. */
export const kubelet = {
  run(c: FakeCluster, which: number | string): void {
    const p = pick(c, which);
    c.pods.set(p.metadata!.name!, { ...p, spec: { ...p.spec!, nodeName: 'node-1' }, status: { phase: 'Running', startTime: now(c), conditions: ready('True', now(c)), containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: now(c) } } }] } });
  },
  exit(c: FakeCluster, which: number | string, exitCode = 0, extra: { conditions?: PodCondition[] } = {}): void {
    const p = pick(c, which);
    const phase = exitCode === 0 ? 'Succeeded' : 'Failed';
    (exitCode === 0 ? c.finishedOk : c.finishedBad).add(p.metadata!.uid!);
    c.pods.set(p.metadata!.name!, {
      ...p, spec: { ...p.spec!, nodeName: 'node-1' },
      status: { phase, conditions: [...ready('False', now(c), 'PodCompleted'), ...(extra.conditions ?? [])], containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', finishedAt: now(c) } } }] },
    });
    if (p.metadata?.deletionTimestamp && (p.metadata.finalizers ?? []).length === 0) c.pods.delete(p.metadata.name!);
  },
  restartContainer(c: FakeCluster, which: number | string): void {
    const p = pick(c, which);
    const s = p.status!.containerStatuses![0]!;
    c.pods.set(p.metadata!.name!, { ...p, status: { ...p.status, containerStatuses: [{ ...s, restartCount: s.restartCount + 1 }] } });
  },
  /** Someone deletes the pod (kubectl delete pod, an eviction). */
  delete(c: FakeCluster, which: number | string): void {
    const p = pick(c, which);
    if (!['Succeeded', 'Failed'].includes(p.status?.phase ?? '')) c.finishedBad.add(p.metadata!.uid!);
    applyDelete(c, p);
  },
  /** A deleted pod's containers stop: terminal Failed (as kubelets report before the final delete). */
  stopDeleted(c: FakeCluster): void {
    for (const p of [...c.pods.values()]) if (p.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase ?? '')) kubelet.exit(c, p.metadata.name!, 143);
  },
};

function pick(c: FakeCluster, which: number | string): Pod {
  const p = typeof which === 'string' ? c.pods.get(which) : podsInOrder(c).filter((x) => !x.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(x.status?.phase ?? ''))[which];
  assert.ok(p, `no pod ${which} among ${[...c.pods.keys()].join(', ')}`);
  return p;
}

export function conditionsOf(c: FakeCluster): string[] {
  return (c.job.status?.conditions ?? []).filter((x) => x.status === 'True').map((x) => `${x.type}:${x.reason ?? ''}`);
}

/**
 * After every sync: nothing counted twice or out of thin air (the counters plus the uncounted uids never
 * exceed the pods that really finished), at most parallelism active pods, and every active pod carries the
 * tracking finalizer.
 */
export function checkInvariants(c: FakeCluster): void {
  const s = c.job.status ?? {};
  const u = s.uncountedTerminatedPods ?? {};
  const indexed = c.job.spec?.completionMode === 'Indexed';
  if (!indexed) assert.ok((s.succeeded ?? 0) + (u.succeeded ?? []).length <= c.finishedOk.size, `succeeded ${s.succeeded} + uncounted ${(u.succeeded ?? []).length} > ${c.finishedOk.size} pods that succeeded`);
  assert.ok((s.failed ?? 0) + (u.failed ?? []).length <= c.finishedBad.size, `failed ${s.failed} + uncounted ${(u.failed ?? []).length} > ${c.finishedBad.size} pods that failed`);
  const uids = [...(u.succeeded ?? []), ...(u.failed ?? [])];
  assert.equal(new Set(uids).size, uids.length, 'a uid is uncounted twice');
  const live = [...c.pods.values()].filter((p) => !p.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));
  assert.ok(live.length <= (c.job.spec?.parallelism ?? 1), `${live.length} active pods > parallelism ${c.job.spec?.parallelism}`);
  for (const p of live) assert.ok(hasTrackingFinalizer(p), `active pod ${p.metadata?.name} lacks the tracking finalizer`);
}
