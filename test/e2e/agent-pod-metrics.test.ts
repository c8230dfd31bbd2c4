// e2e: the metrics a node scrapes from its pods, as `kubectl get --raw /api/v1/nodes/<node>/proxy/stats/custom`
// shows them (what the custom metrics API reads). On the real runc node (as root): busybox httpd serving a
// /metrics file, annotated prometheus.io/scrape, shows its sample within ~25 s; an unannotated pod does not; a
// changed file shows at a later scrape, a failed scrape drops the pod. On a simulated node: the pods'
// skiff.io/simulate-metrics annotation, changed with `kubectl annotate --overwrite`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomMetricsSummary, PodMetricSamples } from '../../src/api/index.js';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';
import { realNodeSkip, startAirgapNode, type AirgapNode } from '../support/airgap-node.js';

const rootSkip = realNodeSkip('the real node\'s pod metrics e2e');

const customOf = async (s: SkiffProcess, node: string): Promise<CustomMetricsSummary> => JSON.parse(await s.k('get', '--raw', `/api/v1/nodes/${node}/proxy/stats/custom`)) as CustomMetricsSummary;
const podOf = (summary: CustomMetricsSummary, name: string): PodMetricSamples | undefined => summary.pods.find((p) => p.podRef.name === name && p.podRef.namespace === 'default');
const samplesOf = (p: PodMetricSamples | undefined): [string, Record<string, string>, number, string][] | undefined => p?.samples.map((x) => [x.name, x.labels, x.value, x.type]);

/** busybox httpd in the foreground on `port`, serving `file` (under /www) with `content`. */
function httpdPod(name: string, options: { annotations?: Record<string, string>; port: number; file: string; content: string; image: string }): string {
  const script = `mkdir -p "$(dirname /www${options.file})" && printf '%s' "$METRICS" > /www${options.file} && exec httpd -f -p ${options.port} -h /www`;
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations: options.annotations ?? {} },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'app', image: options.image, command: ['sh', '-c', script], env: [{ name: 'METRICS', value: options.content }], ports: [{ containerPort: options.port }] }],
    },
  });
}

describe('the real node scrapes its annotated pods (stats/custom)', { skip: rootSkip }, () => {
  let s: SkiffProcess;
  let server: AirgapNode | undefined;
  const node = 'skiff-podmetrics-node';
  const image = 'airgap.local/podmetrics/busybox:1';
  before(async () => { server = await startAirgapNode(node, image); s = server.s; });
  after(async () => { await server?.stop(); });

  test('a pod annotated prometheus.io/scrape shows its /metrics sample within ~25 s; an unannotated one does not', async () => {
    // The port is the pod's declared containerPort (no prometheus.io/port), the path the default /metrics.
    await s.create(httpdPod('scraped', { annotations: { 'prometheus.io/scrape': 'true' }, port: 8080, file: '/metrics', content: 'packets_per_second 42\n', image }));
    await s.create(httpdPod('typed', {
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/app/stats' }, port: 9090, file: '/app/stats', image,
      content: '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200",path="/api"} 7 1700000000000\n',
    }));
    await s.create(httpdPod('quiet', { port: 8080, file: '/metrics', content: 'packets_per_second 99\n', image }));
    await s.k('wait', '--for=condition=Ready', 'pod/scraped', 'pod/typed', 'pod/quiet', '--timeout=60s');
    const readyMs = Date.now();
    const summary = await eventually(async () => {
      const sum = await customOf(s, node);
      assert.deepEqual(samplesOf(podOf(sum, 'scraped')), [['packets_per_second', {}, 42, 'untyped']]);
      assert.deepEqual(samplesOf(podOf(sum, 'typed')), [['http_requests_total', { code: '200', path: '/api' }, 7, 'counter']]);
      return sum;
    }, { timeoutMs: 30_000, intervalMs: 1000 });
    const seenAfterMs = Date.now() - readyMs;
    assert.ok(seenAfterMs < 26_000, `the samples showed ${seenAfterMs} ms after the pods were Ready`);
    process.stdout.write(`# pod metrics showed ${seenAfterMs} ms after Ready\n`);
    const uid = await s.k('get', 'pod', 'scraped', '-o', 'jsonpath={.metadata.uid}');
    const scraped = podOf(summary, 'scraped');
    assert.deepEqual(scraped?.podRef, { name: 'scraped', namespace: 'default', uid });
    assert.ok(Math.abs(Date.parse(scraped?.time ?? '') - Date.now()) < 30_000, `scrape time ${scraped?.time}`);
    assert.equal(podOf(summary, 'quiet'), undefined);
  });

  test('a changed endpoint shows at a later scrape; a failed scrape drops the pod; a deleted pod leaves', async () => {
    await s.k('exec', 'scraped', '--', 'sh', '-c', "echo 'packets_per_second 7' > /www/metrics");
    await s.k('exec', 'typed', '--', 'rm', '/www/app/stats');
    await eventually(async () => {
      const sum = await customOf(s, node);
      assert.deepEqual(samplesOf(podOf(sum, 'scraped')), [['packets_per_second', {}, 7, 'untyped']]);
      assert.equal(podOf(sum, 'typed'), undefined, 'a 404 is a failed scrape');
    }, { timeoutMs: 25_000, intervalMs: 1000 });
    await s.k('delete', 'pod', 'scraped', 'typed', 'quiet', '--wait=true');
    assert.deepEqual((await customOf(s, node)).pods.filter((p) => ['scraped', 'typed', 'quiet'].includes(p.podRef.name)), []);
  });
});

describe('a simulated node reports its pods\' skiff.io/simulate-metrics', { skip: kubectlAvailable() ? false : 'kubectl is not on PATH' }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '1'] }); });
  after(async () => { await s?.stop(); });

  test('gauges and counters show in stats/custom; annotate --overwrite changes them from the next read on', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'skiff.io/simulate-metrics': 'packets_per_second=1200, http_requests_total{path="/api"}+=25' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] },
    }));
    await s.k('wait', '--for=condition=Ready', 'pod/web', '--timeout=30s');
    const first = podOf(await customOf(s, 'node-1'), 'web');
    assert.deepEqual(first?.samples.map((x) => [x.name, x.labels, x.type]), [['packets_per_second', {}, 'gauge'], ['http_requests_total', { path: '/api' }, 'counter']]);
    assert.equal(first?.samples[0]?.value, 1200);
    await s.k('annotate', '--overwrite', 'pod', 'web', 'skiff.io/simulate-metrics=packets_per_second=300, http_requests_total{path="/api"}+=1k');
    const counterOf = async () => { const p = podOf(await customOf(s, 'node-1'), 'web'); return { ms: Date.parse(p?.time ?? ''), gauge: p?.samples[0]?.value, value: p?.samples[1]?.value ?? NaN }; };
    const changed = await eventually(async () => { const c = await counterOf(); assert.equal(c.gauge, 300); return c; }, { timeoutMs: 10_000 });
    const later = await eventually(async () => { const c = await counterOf(); assert.ok(c.ms - changed.ms >= 1000); return c; }, { timeoutMs: 5000, intervalMs: 250 });
    const rate = (later.value - changed.value) / ((later.ms - changed.ms) / 1000);
    assert.ok(Math.abs(rate - 1000) < 1e-6, `the counter grew at ${rate}/s`);
    assert.ok(changed.value >= (first?.samples[1]?.value ?? Infinity), 'the counter kept its count');
  });
});
