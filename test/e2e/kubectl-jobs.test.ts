// e2e: the Job and TTL-after-finished controllers through kubectl 1.32 (and @kubernetes/client-node) on
// simulated nodes, whose pods run for `skiff.io/simulate-run-time` and exit with `skiff.io/simulate-exit-code`:
// seed 003's three Job patterns, a failing Job, Indexed Jobs, suspend/resume, deadlines, podFailurePolicy,
// TTL cleanup and cascading deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface JobOptions { completions?: number; parallelism?: number; runTime?: string; exitCode?: number; extra?: Record<string, unknown>; restartPolicy?: string }
const job = (name: string, o: JobOptions = {}): string => JSON.stringify({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
  spec: {
    ...(o.completions !== undefined ? { completions: o.completions } : {}), ...(o.parallelism !== undefined ? { parallelism: o.parallelism } : {}),
    ...o.extra,
    template: {
      metadata: { annotations: { 'skiff.io/simulate-run-time': o.runTime ?? '1s', ...(o.exitCode !== undefined ? { 'skiff.io/simulate-exit-code': String(o.exitCode) } : {}) } },
      spec: { restartPolicy: o.restartPolicy ?? 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo done'] }] },
    },
  },
});

describe('kubectl Jobs on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const jsonpath = (what: string, path: string): Promise<string> => s.k('get', ...what.split(' '), '-o', `jsonpath=${path}`);
  const podsOf = async (jobName: string): Promise<string[]> => (await s.k('get', 'pods', '-l', `job-name=${jobName}`, '-o', 'jsonpath={range .items[*]}{.metadata.name}:{.status.phase}{"\\n"}{end}')).split('\n').filter(Boolean).sort();

  test('seed 003 pattern 1: one pod; get jobs shows STATUS/COMPLETIONS/DURATION, wait --for=condition=complete, describe', async () => {
    assert.equal(await s.create(job('once')), 'job.batch/once created\n');
    assert.match(await s.k('get', 'jobs', 'once'), /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nonce\s+(Running|Complete)\s+[01]\/1\s+\S*\s+\S+\n$/);
    const waited = await s.kubectl(['wait', '--for=condition=complete', 'job/once', '--timeout=60s']);
    assert.equal(waited.stdout, 'job.batch/once condition met\n', waited.stderr);
    assert.match(await s.k('get', 'jobs', 'once'), /once\s+Complete\s+1\/1\s+\d+s\s+\S+\n$/);
    const pods = await podsOf('once');
    assert.equal(pods.length, 1);
    assert.match(pods[0]!, /^once-[a-z0-9]{5}:Succeeded$/);
    assert.equal(await jsonpath('job once', '{.status.succeeded} {.status.active} {.status.ready} {.status.terminating} {.status.conditions[*].type} {.status.conditions[1].reason}'), '1  0 0 SuccessCriteriaMet Complete CompletionsReached');
    assert.equal(await jsonpath(`pod ${pods[0]!.split(':')[0]}`, '{.metadata.finalizers}'), '', 'the tracking finalizer is gone once counted');
    const d = await s.k('describe', 'job', 'once');
    assert.match(d, /Completions:\s+1\n/);
    assert.match(d, /Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    assert.match(d, /Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: once-[a-z0-9]{5}/);
    assert.match(d, /Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  });

  test('seed 003 pattern 2: completions 5, parallelism 2 runs two at a time to five successes', async () => {
    await s.create(job('fixed', { completions: 5, parallelism: 2, runTime: '1500ms' }));
    let most = 0;
    await eventually(async () => {
      const running = (await podsOf('fixed')).filter((p) => !p.endsWith(':Succeeded')).length;
      most = Math.max(most, running);
      assert.match(await s.k('get', 'job', 'fixed', '--no-headers'), /fixed\s+Complete\s+5\/5\s/);
    }, { timeoutMs: 60_000, intervalMs: 200 });
    assert.ok(most <= 2, `at most parallelism (2) pods ran at once, saw ${most}`);
    assert.equal((await podsOf('fixed')).length, 5);
  });

  test('seed 003 pattern 3 (work queue): parallelism 3 without completions ends once one succeeded and all ended', async () => {
    await s.create(job('queue', { parallelism: 3, runTime: '2s' }));
    assert.match(await s.k('get', 'job', 'queue', '--no-headers'), /queue\s+\S+\s+0\/1 of 3\s/);
    await s.k('wait', '--for=condition=complete', 'job/queue', '--timeout=60s');
    assert.equal((await podsOf('queue')).length, 3, 'no pod is created after the first success');
    assert.equal(await jsonpath('job queue', '{.status.succeeded}'), '3');
  });

  test('a failing Job with backoffLimit 1 makes two pods (10 s apart) and fails with BackoffLimitExceeded', async () => {
    await s.create(job('broken', { runTime: '200ms', exitCode: 3, extra: { backoffLimit: 1 } }));
    await s.k('wait', '--for=condition=failed', 'job/broken', '--timeout=60s');
    const pods = await podsOf('broken');
    assert.deepEqual(pods.map((p) => p.split(':')[1]), ['Failed', 'Failed']);
    assert.match(await s.k('get', 'job', 'broken', '--no-headers'), /broken\s+Failed\s+0\/1\s/);
    assert.equal(await jsonpath('job broken', '{.status.failed} {.status.conditions[*].reason}'), '2 BackoffLimitExceeded BackoffLimitExceeded');
    assert.match(await s.k('describe', 'job', 'broken'), /Warning\s+BackoffLimitExceeded\s+\S+\s+job-controller\s+Job has reached the specified backoff limit/);
    const created = (await s.k('get', 'pods', '-l', 'job-name=broken', '-o', 'jsonpath={.items[*].metadata.creationTimestamp}')).split(' ').map(Date.parse).sort();
    assert.ok(created[1]! - created[0]! >= 9_000, `the replacement waited the 10 s backoff (${created[1]! - created[0]!} ms)`);
  });

  test('Indexed: a pod per index named <job>-<index>-xxxxx with hostname and index env; completedIndexes', async () => {
    await s.create(job('idx', { completions: 3, parallelism: 3, extra: { completionMode: 'Indexed' } }));
    await s.k('wait', '--for=condition=complete', 'job/idx', '--timeout=60s');
    const rows = (await s.k('get', 'pods', '-l', 'job-name=idx', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.hostname} {.metadata.labels.batch\\.kubernetes\\.io/job-completion-index} {.spec.containers[0].env[0].name}{"\\n"}{end}')).trim().split('\n').sort();
    assert.equal(rows.length, 3);
    rows.forEach((r, i) => assert.match(r, new RegExp(`^idx-${i}-[a-z0-9]{5} idx-${i} ${i} JOB_COMPLETION_INDEX$`)));
    assert.equal(await jsonpath('job idx', '{.status.completedIndexes} {.status.succeeded}'), '0-2 3');
  });

  test('suspend and resume with kubectl patch: pods deleted, Suspended condition, then created again', async () => {
    await s.create(job('paused', { completions: 2, parallelism: 2, runTime: '1h' }));
    await eventually(async () => assert.equal(await jsonpath('job paused', '{.status.active}'), '2'));
    await s.k('patch', 'job', 'paused', '--type=merge', '-p', '{"spec":{"suspend":true}}');
    await eventually(async () => assert.match(await s.k('get', 'job', 'paused', '--no-headers'), /paused\s+Suspended\s+0\/2\s/), { timeoutMs: 20_000 });
    await eventually(async () => assert.deepEqual(await podsOf('paused'), []), { timeoutMs: 20_000 });
    assert.equal(await jsonpath('job paused', '{.status.failed}'), '', 'pods removed by suspension are not failures');
    assert.equal(await jsonpath('job paused', '{.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}'), 'Suspended=True JobSuspended');
    await s.k('patch', 'job', 'paused', '--type=merge', '-p', '{"spec":{"suspend":false}}');
    await eventually(async () => assert.equal(await jsonpath('job paused', '{.status.active}'), '2'));
    assert.equal(await jsonpath('job paused', '{.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}'), 'Suspended=False JobResumed');
    assert.match(await s.k('describe', 'job', 'paused'), /Normal\s+Suspended\s+.*Job suspended[\s\S]*Normal\s+Resumed\s+.*Job resumed/);
  });

  test('activeDeadlineSeconds fails a running Job with DeadlineExceeded and stops its pods', async () => {
    await s.create(job('late', { runTime: '1h', extra: { activeDeadlineSeconds: 3, backoffLimit: 6 } }));
    await s.k('wait', '--for=condition=failed', 'job/late', '--timeout=60s');
    assert.equal(await jsonpath('job late', '{.status.conditions[-1:].reason}: {.status.conditions[-1:].message}'), 'DeadlineExceeded: Job was active longer than specified deadline');
    await eventually(async () => assert.deepEqual(await podsOf('late'), []), { timeoutMs: 20_000 });
    assert.equal(await jsonpath('job late', '{.status.failed} {.status.active}'), '1 ');
  });

  test('podFailurePolicy FailJob on an exit code fails the Job at once with the matching rule in the message', async () => {
    await s.create(job('policy', { runTime: '200ms', exitCode: 42, extra: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] } } }));
    await s.k('wait', '--for=condition=failed', 'job/policy', '--timeout=60s');
    const pod = (await podsOf('policy'))[0]!.split(':')[0]!;
    assert.equal(await jsonpath('job policy', '{.status.conditions[-1:].reason}: {.status.conditions[-1:].message}'), `PodFailurePolicy: Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`);
  });

  test('ttlSecondsAfterFinished deletes the finished Job and its pods', async () => {
    await s.create(job('shortlived', { runTime: '200ms', extra: { ttlSecondsAfterFinished: 2 } }));
    await s.k('wait', '--for=condition=complete', 'job/shortlived', '--timeout=60s');
    await eventually(async () => assert.match((await s.kubectl(['get', 'job', 'shortlived'])).stderr, /NotFound/), { timeoutMs: 20_000 });
    await eventually(async () => assert.deepEqual(await podsOf('shortlived'), []), { timeoutMs: 20_000 });
  });

  test('kubectl delete job removes its pods, running ones included (their tracking finalizers released)', async () => {
    await s.k('create', 'job', 'doomed', '--image=busybox', '--', 'sleep', '3600');
    await eventually(async () => assert.match((await podsOf('doomed')).join(), /:Running/));
    assert.equal(await s.k('delete', 'job', 'doomed'), 'job.batch "doomed" deleted\n');
    await eventually(async () => assert.deepEqual(await podsOf('doomed'), []), { timeoutMs: 20_000 });
  });

  test('@kubernetes/client-node: createNamespacedJob and readNamespacedJobStatus see it complete', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
    const batch = kc.makeApiClient(k8s.BatchV1Api);
    await batch.createNamespacedJob({ namespace: 'default', body: JSON.parse(job('fromjs', { completions: 2, parallelism: 2 })) as k8s.V1Job });
    const done = await eventually(async () => {
      const j = await batch.readNamespacedJobStatus({ name: 'fromjs', namespace: 'default' });
      assert.ok(j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'));
      return j;
    }, { timeoutMs: 60_000 });
    assert.equal(done.status?.succeeded, 2);
    assert.ok(done.status?.completionTime instanceof Date || typeof done.status?.completionTime === 'string');
  });
});
