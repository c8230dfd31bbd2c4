// A day of a */5 CronJob in milliseconds: syncCronJob() driven by a fake clock, its requeues and the Jobs
// finishing (a stand-in for the Job controller), under each concurrency policy and with crashes between a
// creation and its status write. Invariants are checked after every sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { semanticEqual } from '../../api/index.js';
import { FakeEventRecorder } from '../../client/fake/index.js';
import { FakeClock } from '../../util/index.js';
import { finishedCondition } from './plan.js';
import { syncCronJob } from './sync.js';
import { FakeJobControl } from './testing.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const day = 24 * 3_600_000;
const nameAt = (ms: number): string => `hello-${Math.floor(ms / 60_000)}`;

function cronJob(policy: 'Allow' | 'Forbid' | 'Replace', startingDeadlineSeconds?: number): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: {
      schedule: '*/5 * * * *', concurrencyPolicy: policy, suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      ...(startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds } : {}),
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } },
    },
  };
}

interface SimOptions {
  cronJob: CronJob;
  /** How long each Job runs. */
  runMs: number;
  /** Every n-th Job created fails. */
  failEvery?: number;
  /** Syncs (1-based) after which the controller crashes before writing the status, and restarts a second later. */
  crashAfter?: (sync: number) => boolean;
}

async function simulate(o: SimOptions) {
  const clock = new FakeClock(T0);
  const control = new FakeJobControl({ cronJob: o.cronJob, now: () => clock.nowMs() });
  const recorder = new FakeEventRecorder();
  const finishAt = new Map<string, number>();
  const created: string[] = [];
  let syncs = 0;
  let crashes = 0;
  for (;;) {
    const now = clock.nowMs();
    for (const [name, at] of finishAt) {
      if (at > now) continue;
      const nth = created.indexOf(name) + 1;
      control.finishJob(name, o.failEvery && nth % o.failEvery === 0 ? 'Failed' : 'Complete', at);
      finishAt.delete(name);
    }
    const result = await syncCronJob(control.cronJob, control.children(), { control, recorder, nowMs: now });
    assert.equal(result.error, undefined);
    syncs++;
    const crashed = o.crashAfter?.(syncs) === true;
    if (crashed) crashes++;
    else if (!semanticEqual(result.cronJob.status ?? {}, result.base.status ?? {})) control.writeStatus(result.cronJob.status);
    // The Job controller starts what was created at once.
    for (const j of control.children()) {
      const name = j.metadata?.name ?? '';
      if (j.status?.startTime || finishedCondition(j)) continue;
      control.startJob(name, now);
      created.push(name);
      finishAt.set(name, now + o.runMs);
    }
    checkInvariants(control);
    const wake = crashed ? now + 1000 : Math.min(now + (result.requeueAfterMs ?? Infinity), ...finishAt.values());
    if (wake > T0 + day + 100) return { control, recorder, created, syncs, crashes };
    clock.advance(wake - now);
  }
}

function checkInvariants(control: FakeJobControl): void {
  const status = control.cronJob.status ?? {};
  for (const r of status.active ?? []) assert.ok(control.job(r.name ?? ''), `active ${r.name} exists`);
  const finished = control.children().map(finishedCondition);
  assert.ok(finished.filter((c) => c === 'Complete').length <= 3, 'at most 3 succeeded Jobs kept');
  assert.ok(finished.filter((c) => c === 'Failed').length <= 1, 'at most 1 failed Job kept');
}

const count = (events: readonly string[], reason: string): number => events.filter((e) => e.split(' ')[1] === reason).length;
const names = (control: FakeJobControl): string[] => control.jobs.map((j) => j.metadata?.name ?? '').sort();

test('simulate 24 h of */5 (Allow, 2 min Jobs, every 10th failing): 288 Jobs, lastScheduleTime right, history pruned to 3/1', async () => {
  const { control, recorder, created } = await simulate({ cronJob: cronJob('Allow'), runMs: 120_000, failEvery: 10 });
  const ticks = Array.from({ length: 288 }, (_, i) => T0 + (i + 1) * 300_000);
  assert.deepEqual(created, ticks.map(nameAt));
  assert.deepEqual(names(control), [ticks[279]!, ticks[284]!, ticks[285]!, ticks[286]!, ticks[287]!].map(nameAt).sort());
  assert.deepEqual(control.cronJob.status, {
    active: [{ kind: 'Job', namespace: 'default', name: nameAt(ticks[287]!), uid: `uid-${nameAt(ticks[287]!)}`, apiVersion: 'batch/v1', resourceVersion: '1' }],
    lastScheduleTime: '2024-01-02T00:00:00Z', lastSuccessfulTime: '2024-01-01T23:57:00Z',
  });
  assert.deepEqual([count(recorder.events, 'SuccessfulCreate'), count(recorder.events, 'SawCompletedJob'), count(recorder.events, 'SuccessfulDelete')], [288, 287, 256 + 27]);
  assert.equal(recorder.events.length, 288 + 287 + 283, recorder.events.filter((e) => !/SuccessfulCreate|SawCompletedJob|SuccessfulDelete/.test(e)).join('\n'));
});

test('simulate 24 h of */5 with Forbid, 7 min Jobs and a 60 s starting deadline: one Job at a time, every other slot skipped', async () => {
  const { control, recorder, created } = await simulate({ cronJob: cronJob('Forbid', 60), runMs: 420_000 });
  assert.deepEqual(created, Array.from({ length: 144 }, (_, i) => nameAt(T0 + (2 * i + 1) * 300_000)));
  assert.equal(count(recorder.events, 'JobAlreadyActive'), 144);
  assert.equal(control.cronJob.status?.lastScheduleTime, '2024-01-01T23:55:00Z');
  assert.equal(control.cronJob.status?.active?.length, 1);
});

test('simulate 24 h of */5 with Forbid, 7 min Jobs and no deadline: a slot missed while running starts late, never two at once', async () => {
  const { control, recorder, created } = await simulate({ cronJob: cronJob('Forbid'), runMs: 420_000 });
  // Each Job starts when the previous one ends (minute 5 + 7k), for the latest slot then due (upstream: late, not skipped).
  assert.deepEqual(created, Array.from({ length: 206 }, (_, k) => nameAt(T0 + Math.floor((5 + 7 * k) / 5) * 300_000)));
  assert.ok(count(recorder.events, 'JobAlreadyActive') > 0);
  assert.ok((control.cronJob.status?.active?.length ?? 0) <= 1);
});

test('simulate 24 h of */5 with Replace and 7 min Jobs: every Job replaced by the next, none completes', async () => {
  const { control, recorder, created } = await simulate({ cronJob: cronJob('Replace'), runMs: 420_000 });
  assert.equal(created.length, 288);
  assert.deepEqual([count(recorder.events, 'SuccessfulDelete'), count(recorder.events, 'SawCompletedJob')], [287, 0]);
  assert.deepEqual(names(control), [nameAt(T0 + day)]);
  assert.equal(control.cronJob.status?.lastSuccessfulTime, undefined);
});

test('simulate 24 h of */5 with crashes between creations and status writes: no Job created twice, the same end state', async () => {
  const crashed = await simulate({ cronJob: cronJob('Allow'), runMs: 120_000, failEvery: 10, crashAfter: (n) => n % 7 === 1 });
  const clean = await simulate({ cronJob: cronJob('Allow'), runMs: 120_000, failEvery: 10 });
  assert.ok(crashed.crashes > 50);
  assert.deepEqual(crashed.created, clean.created);
  assert.equal(count(crashed.recorder.events, 'SuccessfulCreate'), 288);
  assert.deepEqual(names(crashed.control), names(clean.control));
  assert.deepEqual(crashed.control.cronJob.status, clean.control.cronJob.status);
});
