// e2e: resource usage of a node, as `kubectl get --raw /api/v1/nodes/<node>/proxy/stats/summary` and
// `.../proxy/metrics/resource` show it (what metrics-server scrapes). On the real runc node (as root): a busy
// loop shows above half a core within ~25 s, a pod holding 64 MiB in a memory-backed emptyDir shows a working
// set above that, and the resource metrics carry the containers' lines. On a simulated node: the pods'
// skiff.io/simulate-cpu and -memory annotations, changed with `kubectl annotate --overwrite`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Summary } from '../../src/api/index.js';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';
import { realNodeSkip, startAirgapNode, type AirgapNode } from '../support/airgap-node.js';

const rootSkip = realNodeSkip('the real node\'s stats e2e');

const mi = 1024 * 1024;
const summaryOf = async (s: SkiffProcess, node: string): Promise<Summary> => JSON.parse(await s.k('get', '--raw', `/api/v1/nodes/${node}/proxy/stats/summary`)) as Summary;
const podOf = (summary: Summary, name: string) => summary.pods.find((p) => p.podRef.name === name && p.podRef.namespace === 'default');

describe('the real node measures its pods (stats/summary, metrics/resource)', { skip: rootSkip }, () => {
  let s: SkiffProcess;
  let server: AirgapNode | undefined;
  const node = 'skiff-stats-node';
  const image = 'airgap.local/stats/busybox:1';
  before(async () => { server = await startAirgapNode(node, image); s = server.s; });
  after(async () => { await server?.stop(); });

  test('a busy loop uses more than half a core within ~25 s; a pod holding 64 MiB has a working set above it, under its limit', async () => {
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'burn' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'spin', image, command: ['sh', '-c', 'while :; do :; done'] }] } }));
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hold' },
      spec: {
        terminationGracePeriodSeconds: 0,
        // tmpfs pages are charged to the container that writes them and are not reclaimable file cache: working set.
        containers: [{ name: 'mem', image, command: ['sh', '-c', 'dd if=/dev/zero of=/shm/fill bs=1M count=64 && exec sleep 3600'], volumeMounts: [{ name: 'shm', mountPath: '/shm' }], resources: { limits: { memory: '256Mi' } } }],
        volumes: [{ name: 'shm', emptyDir: { medium: 'Memory' } }],
      },
    }));
    await s.k('wait', '--for=condition=Ready', 'pod/burn', 'pod/hold', '--timeout=60s');
    const runningMs = Date.now();
    const summary = await eventually(async () => {
      const sum = await summaryOf(s, node);
      const spin = podOf(sum, 'burn')?.containers.find((c) => c.name === 'spin');
      assert.ok((spin?.cpu?.usageNanoCores ?? 0) > 5e8, `usageNanoCores of burn/spin: ${spin?.cpu?.usageNanoCores}`);
      return sum;
    }, { timeoutMs: 30_000, intervalMs: 1000 });
    const seenAfterMs = Date.now() - runningMs;
    assert.ok(seenAfterMs < 26_000, `the busy loop's rate showed ${seenAfterMs} ms after the pod was Ready`);
    process.stdout.write(`# busy loop's usageNanoCores above 0.5 core ${seenAfterMs} ms after Ready\n`);
    const burn = podOf(summary, 'burn');
    const uid = await s.k('get', 'pod', 'burn', '-o', 'jsonpath={.metadata.uid}');
    assert.deepEqual(burn?.podRef, { name: 'burn', namespace: 'default', uid });
    assert.ok((burn?.cpu?.usageNanoCores ?? 0) > 5e8 && (burn?.cpu?.usageCoreNanoSeconds ?? 0) > 0, JSON.stringify(burn?.cpu));
    assert.ok(Date.parse(burn?.containers[0]?.startTime ?? '') > Date.parse(burn?.startTime ?? '') - 1000);
    // The node counts its pods: at least the busy loop, and the held memory.
    assert.equal(summary.node.nodeName, node);
    assert.ok((summary.node.cpu?.usageNanoCores ?? 0) > 5e8, JSON.stringify(summary.node.cpu));
    assert.ok((summary.node.memory?.workingSetBytes ?? 0) > 64 * mi, JSON.stringify(summary.node.memory));
    const m = summary.node.memory;
    const capacityKi = Number((await s.k('get', 'node', node, '-o', 'jsonpath={.status.capacity.memory}')).replace(/Ki$/, ''));
    assert.equal((m?.availableBytes ?? 0) + (m?.workingSetBytes ?? 0), capacityKi * 1024, 'availableBytes = capacity - workingSetBytes');
    await eventually(async () => {
      const hold = podOf(await summaryOf(s, node), 'hold');
      assert.ok((hold?.memory?.workingSetBytes ?? 0) > 64 * mi, `workingSetBytes of hold: ${hold?.memory?.workingSetBytes}`);
      const mem = hold?.containers[0]?.memory;
      assert.ok((mem?.workingSetBytes ?? 0) > 64 * mi);
      // The limit Skiff put on the container's cgroup: availableBytes is what is left of it.
      assert.equal((mem?.availableBytes ?? 0) + (mem?.workingSetBytes ?? 0), 256 * mi, JSON.stringify(mem));
    }, { timeoutMs: 25_000, intervalMs: 1000 });
  });

  test('metrics/resource has the node\'s, the pods\' and the containers\' lines', async () => {
    const text = await s.k('get', '--raw', `/api/v1/nodes/${node}/proxy/metrics/resource`);
    const value = (re: RegExp): number => Number(re.exec(text)?.[1] ?? NaN);
    const stamp = String.raw`(\d{13})`;
    assert.match(text, /^# TYPE container_cpu_usage_seconds_total counter$/m);
    assert.ok(value(new RegExp(String.raw`^container_cpu_usage_seconds_total\{container="spin",namespace="default",pod="burn"\} (\S+) ${stamp}$`, 'm')) > 1);
    assert.ok(value(new RegExp(String.raw`^container_memory_working_set_bytes\{container="mem",namespace="default",pod="hold"\} (\S+) ${stamp}$`, 'm')) > 64 * mi);
    assert.ok(value(/^container_start_time_seconds\{container="spin",namespace="default",pod="burn"\} (\S+)$/m) > Date.now() / 1000 - 300);
    assert.ok(value(new RegExp(String.raw`^pod_cpu_usage_seconds_total\{namespace="default",pod="burn"\} (\S+) ${stamp}$`, 'm')) > 1);
    assert.ok(value(new RegExp(String.raw`^pod_memory_working_set_bytes\{namespace="default",pod="hold"\} (\S+) ${stamp}$`, 'm')) > 64 * mi);
    assert.ok(value(new RegExp(String.raw`^node_cpu_usage_seconds_total (\S+) ${stamp}$`, 'm')) > 1);
    assert.ok(value(new RegExp(String.raw`^node_memory_working_set_bytes (\S+) ${stamp}$`, 'm')) > 64 * mi);
    assert.match(text, /^resource_scrape_error 0$/m);
  });

  test('a deleted pod leaves the summary', async () => {
    await s.k('delete', 'pod', 'burn', 'hold', '--wait=true');
    await eventually(async () => assert.deepEqual((await summaryOf(s, node)).pods.filter((p) => ['burn', 'hold'].includes(p.podRef.name)), []), { timeoutMs: 25_000, intervalMs: 1000 });
  });
});

describe('a simulated node reports its pods\' annotated usage', { skip: kubectlAvailable() ? false : 'kubectl is not on PATH' }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '1'] }); });
  after(async () => { await s?.stop(); });

  test('skiff.io/simulate-cpu and -memory show in stats/summary and metrics/resource; annotate --overwrite changes the rate', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'skiff.io/simulate-cpu': '250m', 'skiff.io/simulate-memory': '64Mi' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx' }] },
    }));
    await s.k('wait', '--for=condition=Ready', 'pod/web', '--timeout=30s');
    const first = await summaryOf(s, 'node-1');
    const web = podOf(first, 'web');
    assert.deepEqual([web?.cpu?.usageNanoCores, web?.memory?.workingSetBytes, web?.containers.map((c) => [c.name, c.cpu?.usageNanoCores, c.memory?.workingSetBytes])],
      [250_000_000, 64 * mi, [['a', 125_000_000, 32 * mi], ['b', 125_000_000, 32 * mi]]]);
    assert.ok((first.node.cpu?.usageNanoCores ?? 0) > 250_000_000 && (first.node.memory?.workingSetBytes ?? 0) > 64 * mi, JSON.stringify(first.node));
    await s.k('annotate', '--overwrite', 'pod', 'web', 'skiff.io/simulate-cpu=1500m');
    await eventually(async () => assert.equal(podOf(await summaryOf(s, 'node-1'), 'web')?.cpu?.usageNanoCores, 1_500_000_000), { timeoutMs: 10_000 });
    // Cumulative CPU grows at that rate: 1.5 cores between two summaries a second or more apart.
    const cpuOf = async () => { const c = podOf(await summaryOf(s, 'node-1'), 'web')?.cpu; return { ms: Date.parse(c?.time ?? ''), ns: c?.usageCoreNanoSeconds ?? NaN }; };
    const before = await cpuOf();
    const after = await eventually(async () => { const c = await cpuOf(); assert.ok(c.ms - before.ms >= 1000); return c; }, { timeoutMs: 5000, intervalMs: 250 });
    const rate = (after.ns - before.ns) / ((after.ms - before.ms) / 1000);
    assert.ok(Math.abs(rate - 1.5e9) < 1e6, `cumulative CPU grew at ${rate} nanocores`);
    const text = await s.k('get', '--raw', '/api/v1/nodes/node-1/proxy/metrics/resource');
    assert.match(text, /^container_memory_working_set_bytes\{container="a",namespace="default",pod="web"\} 3\.3554432e\+07 \d{13}$/m);
    assert.match(text, /^pod_memory_working_set_bytes\{namespace="default",pod="web"\} 6\.7108864e\+07 \d{13}$/m);
    assert.match(text, /^container_cpu_usage_seconds_total\{container="b",namespace="default",pod="web"\} \S+ \d{13}$/m);
  });
});
