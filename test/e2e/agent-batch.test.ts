// e2e with the real node agent (runc, as root): seed 003's batch workloads on busybox pods. Jobs that compute
// and print (read back with kubectl logs), the three Job patterns, a failing Job reaching
// BackoffLimitExceeded with the right number of pods, an Indexed Job whose pods see their index, a Job
// deleted while its pod runs, and a `*/1 * * * *` CronJob (created first, checked last) through two real runs
// with its history pruned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SkiffProcess } from '../support/skiff-process.js';
import type { TestImages } from '../support/test-images.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('batch e2e on the runc node');

describe('batch workloads on the embedded runc node', { skip }, () => {
  let s: SkiffProcess;
  let images: TestImages;
  let cluster: RegistryNode | undefined;
  before(async () => {
    cluster = await startRegistryNode('batch-node');
    ({ s, images } = cluster);
    // The CronJob starts now so its two runs overlap the Job tests; the last test checks it.
    await s.create(JSON.stringify({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'ticker' },
      spec: {
        schedule: '*/1 * * * *', successfulJobsHistoryLimit: 1,
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'tick', image: images.busybox, command: ['sh', '-c', 'echo "tick at $(date +%H:%M)"'] }] } } } },
      },
    }));
  });
  after(async () => { await cluster?.stop(); });

  const job = (name: string, script: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): string => JSON.stringify({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'main', image: images.busybox, command: ['sh', '-c', script] }] } } },
  });
  const podsOf = async (name: string): Promise<string[]> => (await s.k('get', 'pods', '-l', `job-name=${name}`, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}')).split('\n').filter(Boolean).sort();

  test('seed 003 pattern 1: a Job computes pi and kubectl logs job/pi prints it', async () => {
    // Nilakantha's series in shell integer arithmetic (busybox's awk has no math support).
    await s.create(job('pi', 's=3000000000; sign=1; for k in $(seq 1 200); do a=$((2*k)); s=$((s+sign*4000000000/(a*(a+1)*(a+2)))); sign=$((-sign)); done; echo "pi is about ${s:0:1}.${s:1:6}"'));
    const waited = await s.kubectl(['wait', '--for=condition=complete', 'job/pi', '--timeout=90s'], { timeoutMs: 100_000 });
    assert.equal(waited.code, 0, `${waited.stderr} ${await s.k('describe', 'job/pi')} ${await s.k('describe', 'pods')}`);
    assert.equal(await s.k('logs', 'job/pi'), 'pi is about 3.141592\n');
    assert.match(await s.k('get', 'job', 'pi', '--no-headers'), /^pi\s+Complete\s+1\/1\s+\d+s\s+\S+\s*$/);
    const [pod] = await podsOf('pi');
    assert.match(await s.k('get', 'pod', pod!, '--no-headers'), /\s0\/1\s+Completed\s+0\s/);
  });

  test('seed 003 pattern 2: completions 4, parallelism 2: four pods each print their square', async () => {
    await s.create(job('squares', 'n=$((RANDOM % 100)); echo "$n squared is $((n * n))"', { completions: 4, parallelism: 2 }));
    await s.k('wait', '--for=condition=complete', 'job/squares', '--timeout=120s');
    const pods = await podsOf('squares');
    assert.equal(pods.length, 4);
    for (const p of pods) {
      const line = await s.k('logs', p);
      const m = /^(\d+) squared is (\d+)\n$/.exec(line);
      assert.ok(m, line);
      assert.equal(Number(m[2]), Number(m[1]) ** 2);
    }
    assert.equal(await s.k('get', 'job', 'squares', '-o', 'jsonpath={.status.succeeded}'), '4');
  });

  test('seed 003 pattern 3 (work queue): parallelism 2 without completions; both workers end, the job succeeds', async () => {
    await s.create(job('workers', 'echo "worker $(hostname) took an item"; sleep 1', { parallelism: 2 }));
    await s.k('wait', '--for=condition=complete', 'job/workers', '--timeout=90s');
    const pods = await podsOf('workers');
    assert.equal(pods.length, 2);
    for (const p of pods) assert.equal(await s.k('logs', p), `worker ${p} took an item\n`);
  });

  test('a failing Job with backoffLimit 1 runs two pods and fails with BackoffLimitExceeded', async () => {
    await s.create(job('broken', 'echo trying; exit 2', { backoffLimit: 1 }));
    await s.k('wait', '--for=condition=failed', 'job/broken', '--timeout=120s');
    const pods = await podsOf('broken');
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.equal(await s.k('get', 'pod', p, '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}'), 'Failed 2');
      assert.equal(await s.k('logs', p), 'trying\n');
    }
    assert.equal(await s.k('get', 'job', 'broken', '-o', 'jsonpath={.status.failed} {.status.conditions[-1:].type} {.status.conditions[-1:].reason}'), '2 Failed BackoffLimitExceeded');
  });

  test('Indexed: each pod sees JOB_COMPLETION_INDEX and its hostname <job>-<index>', async () => {
    await s.create(job('shards', 'echo "shard $JOB_COMPLETION_INDEX on $(hostname)"', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await s.k('wait', '--for=condition=complete', 'job/shards', '--timeout=90s');
    const lines = await Promise.all((await podsOf('shards')).map((p) => s.k('logs', p)));
    assert.deepEqual(lines.sort(), ['shard 0 on shards-0\n', 'shard 1 on shards-1\n', 'shard 2 on shards-2\n']);
    assert.equal(await s.k('get', 'job', 'shards', '-o', 'jsonpath={.status.completedIndexes}'), '0-2');
  });

  test('deleting a Job while its pod runs stops the container and removes the pod', async () => {
    await s.create(job('longrun', 'trap "exit 0" TERM; while true; do sleep 1; done'));
    await eventually(async () => assert.equal(await s.k('get', 'job', 'longrun', '-o', 'jsonpath={.status.ready}'), '1'), { timeoutMs: 60_000 });
    const [pod] = await podsOf('longrun');
    assert.equal(await s.k('delete', 'job', 'longrun'), 'job.batch "longrun" deleted\n');
    await eventually(async () => assert.match((await s.kubectl(['get', 'pod', pod!])).stderr, /NotFound/), { timeoutMs: 60_000 });
  });

  test('a */1 CronJob runs twice on the node; history keeps the last success (successfulJobsHistoryLimit 1)', async () => {
    const runs = new Set<string>();
    await eventually(async () => {
      const jobs = JSON.parse(await s.k('get', 'jobs', '-o', 'json')) as { items: { metadata: { name: string; ownerReferences?: { kind: string }[] }; status?: { conditions?: { type: string; status: string }[] } }[] };
      for (const j of jobs.items) {
        if (j.metadata.ownerReferences?.[0]?.kind !== 'CronJob') continue;
        if (j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')) runs.add(j.metadata.name);
      }
      assert.ok(runs.size >= 2, `completed runs so far: ${[...runs].join(', ') || 'none'}`);
    }, { timeoutMs: 150_000, intervalMs: 1000 });
    const latest = [...runs].sort().at(-1)!;
    assert.match(latest, /^ticker-\d+$/);
    assert.match(await s.k('logs', `job/${latest}`), /^tick at \d\d:\d\d\n$/);
    // The older run is pruned once the newer one has succeeded.
    await eventually(async () => assert.deepEqual((await s.k('get', 'jobs', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').filter((n) => n.startsWith('ticker-')), [latest]), { timeoutMs: 30_000 });
    assert.match(await s.k('get', 'cronjob', 'ticker', '--no-headers'), /^ticker\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+[01]\s+\d+s\s/);
    assert.notEqual(await s.k('get', 'cronjob', 'ticker', '-o', 'jsonpath={.status.lastSuccessfulTime}'), '');
    assert.match(await s.k('describe', 'cronjob', 'ticker'), /Normal\s+SawCompletedJob\s+.*cronjob-controller\s+Saw completed job: ticker-\d+, condition: Complete[\s\S]*Normal\s+SuccessfulDelete\s+.*Deleted job ticker-\d+/);
  });
});
