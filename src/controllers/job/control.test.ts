// State-in/state-out tables for the Job rule: each row starts a job on the fake cluster, runs syncs, kubelet
// moves, clock steps, crashes and restarts, and compares the job's status, conditions, pods and events at the
// end. Invariants (nothing counted twice, never more than parallelism active) are checked after every sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobSpec, JobStatus } from 'kubernetes-types/batch/v1.js';
import { jobCompletionIndexAnnotation } from '../../api/index.js';
import { advance, cluster, conditionsOf, kubelet, podsInOrder, restart, sync, type CrashPoint, type FakeCluster } from './testing.js';

type Step = (c: FakeCluster) => void;
const S: Step = (c) => sync(c);
const crash = (at: CrashPoint): Step => (c) => { sync(c, at); restart(c); };
const run = (i: number | string = 0): Step => (c) => kubelet.run(c, i);
const ok = (i: number | string = 0): Step => (c) => { kubelet.run(c, i); kubelet.exit(c, typeof i === 'number' ? podsInOrder(c).filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)[0]!.metadata!.name! : i, 0); };
const fail = (code = 1, conditions?: { type: string; status: string }[]): Step => (c) => {
  kubelet.run(c, 0);
  const name = podsInOrder(c).filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)[0]!.metadata!.name!;
  kubelet.exit(c, name, code, conditions ? { conditions } : {});
};
const wait = (ms: number): Step => (c) => advance(c, ms);
const stopDeleted: Step = (c) => kubelet.stopDeleted(c);
const patchSpec = (spec: Partial<JobSpec>): Step => (c) => { c.job = { ...c.job, metadata: { ...c.job.metadata, generation: (c.job.metadata.generation ?? 1) + 1 }, spec: { ...c.job.spec!, ...spec } }; };
const times = (n: number, ...steps: Step[]): Step[] => Array.from({ length: n }, () => steps).flat();

interface Want {
  status?: Partial<JobStatus>;
  conditions?: string[];
  /** Live pods by phase, e.g. { Running: 1, Succeeded: 2 }. */
  pods?: Record<string, number>;
  events?: string[];
  requeueAfterMs?: number;
}
interface Row { name: string; spec: Partial<JobSpec>; steps: Step[]; want: Want }

const counters = (c: FakeCluster): Partial<JobStatus> => {
  const s = c.job.status ?? {};
  return { active: s.active ?? 0, succeeded: s.succeeded ?? 0, failed: s.failed ?? 0, ready: s.ready ?? 0, terminating: s.terminating ?? 0 };
};
const phases = (c: FakeCluster): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of c.pods.values()) { const k = p.metadata?.deletionTimestamp ? `Deleting${p.status?.phase ?? ''}` : p.status?.phase ?? ''; out[k] = (out[k] ?? 0) + 1; }
  return out;
};
const reasons = (c: FakeCluster): string[] => c.events.map((e) => e.reason);

const rows: Row[] = [
  {
    name: 'seed pattern 1: one pod, its success completes the job',
    spec: {},
    steps: [S, ok(), S],
    want: { status: { active: 0, succeeded: 1, failed: 0, ready: 0, terminating: 0 }, conditions: ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached'], pods: { Succeeded: 1 }, events: ['SuccessfulCreate', 'Completed'] },
  },
  {
    name: 'seed pattern 2: completions 5, parallelism 2 keeps two running until five succeeded',
    spec: { completions: 5, parallelism: 2 },
    steps: [S, ok(), S, ok(), ok(), S, ok(), S, ok(), S],
    want: { status: { succeeded: 5, active: 0 }, conditions: ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached'], pods: { Succeeded: 5 } },
  },
  {
    name: 'completions 3, parallelism 2: never more pods than the completions left',
    spec: { completions: 3, parallelism: 2 },
    steps: [S, ok(), ok(), S],
    want: { status: { succeeded: 2, active: 1 }, conditions: [], pods: { Succeeded: 2, Pending: 1 } },
  },
  {
    name: 'seed pattern 3 (work queue): parallelism 3 without completions; after one success no new pods, complete once all ended',
    spec: { parallelism: 3 },
    steps: [S, ok(), S, run(0), run(1), S],
    want: { status: { succeeded: 1, active: 2 }, conditions: [], pods: { Succeeded: 1, Running: 2 } },
  },
  {
    name: 'work queue: complete when every pod has ended, later failures ignored for completion',
    spec: { parallelism: 2 },
    steps: [S, ok(), S, fail(1), S],
    want: { status: { succeeded: 1, failed: 1, active: 0 }, conditions: ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached'] },
  },
  {
    name: 'backoffLimit 2 (Never): the third failure fails the job with BackoffLimitExceeded; replacements wait 10 s, then 20 s',
    spec: { backoffLimit: 2 },
    steps: [S, fail(1), S, wait(9_000), S, wait(1_000), S, fail(1), S, wait(19_000), S, wait(1_000), S, fail(1), S],
    want: {
      status: { failed: 3, active: 0 }, conditions: ['FailureTarget:BackoffLimitExceeded', 'Failed:BackoffLimitExceeded'], pods: { Failed: 3 },
      events: ['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate', 'BackoffLimitExceeded'],
    },
  },
  {
    name: 'the backoff holds creation: 9 s after a failure no new pod, the requeue is the time left',
    spec: { backoffLimit: 3 },
    steps: [S, fail(1), S, wait(9_000), S],
    want: { status: { failed: 1, active: 0 }, pods: { Failed: 1 }, requeueAfterMs: 1_000 },
  },
  {
    name: 'backoffLimit with OnFailure: container restarts of running pods count; the pod is deleted, Failed once it stopped',
    spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox' }] } } },
    steps: [S, run(0), S, (c) => kubelet.restartContainer(c, 0), S, (c) => kubelet.restartContainer(c, 0), S],
    want: { status: { failed: 1, active: 0, terminating: 1 }, conditions: ['FailureTarget:BackoffLimitExceeded'], pods: { DeletingRunning: 1 } },
  },
  {
    name: '… and after the killed pod stopped the job is Failed',
    spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox' }] } } },
    steps: [S, run(0), S, (c) => kubelet.restartContainer(c, 0), (c) => kubelet.restartContainer(c, 0), S, stopDeleted, S],
    want: { status: { failed: 1, active: 0, terminating: 0 }, conditions: ['FailureTarget:BackoffLimitExceeded', 'Failed:BackoffLimitExceeded'], pods: {} },
  },
  {
    name: 'activeDeadlineSeconds: DeadlineExceeded even below backoffLimit; running pods deleted and counted failed',
    spec: { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 },
    steps: [S, run(0), run(1), wait(30_000), S, stopDeleted, S],
    want: { status: { failed: 2, active: 0, terminating: 0 }, conditions: ['FailureTarget:DeadlineExceeded', 'Failed:DeadlineExceeded'], events: ['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulDelete', 'SuccessfulDelete', 'DeadlineExceeded'] },
  },
  {
    name: 'activeDeadlineSeconds: before the deadline the job asks to be synced at it',
    spec: { activeDeadlineSeconds: 30 },
    steps: [S, wait(12_000), S],
    want: { status: { active: 1 }, requeueAfterMs: 18_000 },
  },
  {
    name: 'created suspended: no pods, no startTime, Suspended=True',
    spec: { suspend: true, parallelism: 2, completions: 2 },
    steps: [S],
    want: { status: { active: 0 }, conditions: ['Suspended:JobSuspended'], pods: {}, events: ['Suspended'] },
  },
  {
    name: 'resumed: pods created, Suspended=False JobResumed, startTime set',
    spec: { suspend: true },
    steps: [S, wait(60_000), patchSpec({ suspend: false }), S, (c) => assert.equal(c.job.status?.startTime, '2026-12-01T10:01:00Z')],
    want: { status: { active: 1 }, conditions: [], pods: { Pending: 1 }, events: ['Suspended', 'SuccessfulCreate', 'Resumed'] },
  },
  {
    name: 'suspended while running: active pods deleted without counting them as failures',
    spec: { parallelism: 2, completions: 2 },
    steps: [S, run(0), run(1), S, patchSpec({ suspend: true }), S, stopDeleted, S],
    want: { status: { active: 0, failed: 0, terminating: 0 }, conditions: ['Suspended:JobSuspended'], pods: {} },
  },
  {
    name: 'a pod deleted by a user counts as failed and is replaced at once (podReplacementPolicy TerminatingOrFailed)',
    spec: {},
    steps: [S, run(0), (c) => kubelet.delete(c, 0), S],
    want: { status: { failed: 1, active: 1, terminating: 1 }, pods: { DeletingRunning: 1, Pending: 1 } },
  },
  {
    name: 'podReplacementPolicy Failed: the replacement waits until the deleted pod has failed',
    spec: { podReplacementPolicy: 'Failed' },
    steps: [S, run(0), (c) => kubelet.delete(c, 0), S, (c) => assert.equal(c.pods.size, 1, 'no replacement while terminating'), stopDeleted, S, wait(10_000), S],
    want: { status: { failed: 1, active: 1, terminating: 0 }, pods: { Pending: 1 } },
  },
  {
    name: 'podFailurePolicy FailJob on exit code 42: PodFailurePolicy with upstream message',
    spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] } },
    steps: [S, fail(42), S],
    want: { status: { failed: 1 }, conditions: ['FailureTarget:PodFailurePolicy', 'Failed:PodFailurePolicy'] },
  },
  {
    name: 'podFailurePolicy Ignore on DisruptionTarget: not counted against backoffLimit 0, replaced after the backoff',
    spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }, { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } }] } },
    steps: [S, fail(137, [{ type: 'DisruptionTarget', status: 'True' }]), S, wait(10_000), S],
    want: { status: { failed: 0, active: 1 }, conditions: [], pods: { Failed: 1, Pending: 1 } },
  },
  {
    name: 'podFailurePolicy Count: a counted failure over backoffLimit 0 fails the job',
    spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }, { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } }] } },
    steps: [S, fail(3), S],
    want: { status: { failed: 1 }, conditions: ['FailureTarget:BackoffLimitExceeded', 'Failed:BackoffLimitExceeded'] },
  },
  {
    name: 'Indexed: one pod per index with hostname, annotation, label and env; completedIndexes in ranges',
    spec: { completionMode: 'Indexed', completions: 4, parallelism: 4 },
    steps: [S, (c) => {
      const pods = podsInOrder(c);
      assert.deepEqual(pods.map((p) => [p.metadata?.generateName, p.spec?.hostname, p.metadata?.annotations?.[jobCompletionIndexAnnotation], p.metadata?.labels?.[jobCompletionIndexAnnotation]]),
        [0, 1, 2, 3].map((i) => [`job-${i}-`, `job-${i}`, String(i), String(i)]));
      assert.deepEqual(pods[0]!.spec!.containers[0]!.env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${jobCompletionIndexAnnotation}']` } } }]);
    }, ok('job-0-1'), ok('job-1-2'), ok('job-3-4'), S],
    want: { status: { succeeded: 3, active: 1, completedIndexes: '0-1,3' } as Partial<JobStatus>, conditions: [] },
  },
  {
    name: 'Indexed: a failed index is retried under the same index',
    spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 },
    steps: [S, (c) => { kubelet.run(c, 'job-1-2'); kubelet.exit(c, 'job-1-2', 1); }, S, wait(10_000), S, (c) => assert.deepEqual(podsInOrder(c).map((p) => p.metadata?.annotations?.[jobCompletionIndexAnnotation]), ['0', '1', '1'])],
    want: { status: { failed: 1, active: 2 } },
  },
  {
    name: 'backoffLimitPerIndex 1 with maxFailedIndexes 0: the second failure of an index fails the job (MaxFailedIndexesExceeded)',
    spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 0, backoffLimit: 2147483647 },
    steps: [S, (c) => { kubelet.run(c, 'job-0-1'); kubelet.exit(c, 'job-0-1', 1); }, S, wait(10_000), S,
      (c) => assert.equal(podsInOrder(c).at(-1)!.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'], '1'),
      (c) => { const n = podsInOrder(c).at(-1)!.metadata!.name!; kubelet.run(c, n); kubelet.exit(c, n, 1); }, S, stopDeleted, S],
    want: { status: { failedIndexes: '0' } as Partial<JobStatus>, conditions: ['FailureTarget:MaxFailedIndexesExceeded', 'Failed:MaxFailedIndexesExceeded'] },
  },
  {
    name: 'backoffLimitPerIndex: FailIndex fails the index at once, the other indexes complete, the job fails with FailedIndexes',
    spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 3, backoffLimit: 2147483647, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [7] } }] } },
    steps: [S, (c) => { kubelet.run(c, 'job-0-1'); kubelet.exit(c, 'job-0-1', 7); }, S, ok('job-1-2'), S, S],
    want: { status: { failedIndexes: '0', completedIndexes: '1', succeeded: 1 } as Partial<JobStatus>, conditions: ['FailureTarget:FailedIndexes', 'Failed:FailedIndexes'] },
  },
  {
    name: 'successPolicy: index 0 succeeding is enough; the others are deleted, not counted as failures',
    spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } },
    steps: [S, run('job-1-2'), ok('job-0-1'), S, stopDeleted, S],
    want: { status: { succeeded: 1, failed: 0, active: 0 }, conditions: ['SuccessCriteriaMet:SuccessPolicy', 'Complete:SuccessPolicy'] },
  },
  {
    name: 'crash after the uncounted uids were written, before the finalizers went: counted once',
    spec: { completions: 2, parallelism: 2 },
    steps: [S, ok(), ok(), crash('afterFlush'), S, S],
    want: { status: { succeeded: 2, active: 0 }, conditions: ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached'] },
  },
  {
    name: 'crash after the finalizers went, before the counters were written: the uids still in uncounted are counted once',
    spec: { completions: 3, parallelism: 3, backoffLimit: 5 },
    steps: [S, ok(), fail(2), crash('afterRemovals'), (c) => assert.equal((c.job.status?.uncountedTerminatedPods?.succeeded ?? []).length, 1), S, S],
    want: { status: { succeeded: 1, failed: 1, active: 2 } },
  },
  {
    name: 'crash right after creating pods: the next controller does not create them again',
    spec: { completions: 3, parallelism: 3 },
    steps: [crash('afterPodWrites'), S, S],
    want: { status: { active: 3 }, pods: { Pending: 3 } },
  },
  {
    name: 'a restarted controller forgets the failure backoff (as upstream: it lives in memory) and replaces at once',
    spec: { backoffLimit: 3 },
    steps: [S, fail(1), S, (c) => restart(c), S],
    want: { status: { failed: 1, active: 1 }, pods: { Failed: 1, Pending: 1 } },
  },
  {
    name: '500 completions at parallelism 100 finish with exact counts',
    spec: { completions: 500, parallelism: 100 },
    steps: [S, ...times(5, ...times(100, ok()), S, S)],
    want: { status: { succeeded: 500, active: 0, failed: 0 }, conditions: ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached'] },
  },
];

for (const r of rows) {
  test(`Job rule: ${r.name}`, () => {
    const c = cluster(r.spec);
    for (const step of r.steps) step(c);
    const w = r.want;
    if (w.status) {
      const got = { ...counters(c), ...Object.fromEntries(Object.keys(w.status).map((k) => [k, (c.job.status as Record<string, unknown>)[k] ?? (['active', 'succeeded', 'failed'].includes(k) ? 0 : undefined)])) };
      assert.deepEqual(Object.fromEntries(Object.keys(w.status).map((k) => [k, (got as Record<string, unknown>)[k]])), w.status);
    }
    if (w.conditions) assert.deepEqual(conditionsOf(c), w.conditions);
    if (w.pods) assert.deepEqual(phases(c), w.pods);
    if (w.events) assert.deepEqual(reasons(c), w.events);
    if (w.requeueAfterMs !== undefined) assert.equal(c.requeueAfterMs, w.requeueAfterMs);
  });
}

test('Job rule: the terminal condition comes with completionTime (Complete) and only after every pod stopped', () => {
  const c = cluster({ completions: 1, parallelism: 2, activeDeadlineSeconds: 5 } as Partial<JobSpec>);
  sync(c);
  kubelet.run(c, 0);
  advance(c, 5_000);
  sync(c);
  assert.deepEqual(conditionsOf(c), ['FailureTarget:DeadlineExceeded']);
  assert.equal(c.job.status?.completionTime, undefined);
  kubelet.stopDeleted(c);
  sync(c);
  assert.deepEqual(conditionsOf(c), ['FailureTarget:DeadlineExceeded', 'Failed:DeadlineExceeded']);
  assert.equal(c.job.status?.completionTime, undefined, 'a failed job has no completionTime');
});

test('Job rule: a one-pod job costs three status writes (start, counted, Complete)', () => {
  const c = cluster({});
  sync(c);
  kubelet.run(c, 0);
  kubelet.exit(c, podsInOrder(c)[0]!.metadata!.name!, 0);
  sync(c);
  sync(c);
  assert.equal(c.statusWrites, 3);
  assert.deepEqual(conditionsOf(c), ['SuccessCriteriaMet:CompletionsReached', 'Complete:CompletionsReached']);
});
