import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock, silentLogger } from '../../../util/index.js';
import { PodMetricsCollector, type ScrapablePod } from './collector.js';

const pod = (name: string, annotations: Record<string, string>, podIP = '10.42.0.2'): ScrapablePod => ({
  pod: { metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] } } satisfies Pod,
  podIP,
});
const annotated = { 'prometheus.io/scrape': 'true' };
const settle = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };
const t0 = '2024-01-01T00:00:00.000Z';

/** A scrape function answering from a table of URLs (a missing URL fails), counting calls. */
function endpoints(bodies: Map<string, string>) {
  const calls: string[] = [];
  const scrape = async (url: string): Promise<string> => {
    calls.push(url);
    const body = bodies.get(url);
    if (body === undefined) throw new Error(`Cannot scrape "${url}": connect ECONNREFUSED`);
    return body;
  };
  return { calls, scrape };
}

test('PodMetricsCollector scrapes only annotated pods, at their URL, and reports their samples by pod', async () => {
  const clock = new FakeClock();
  const bodies = new Map([
    ['http://10.42.0.2:8080/metrics', '# TYPE packets_per_second gauge\npackets_per_second 42\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 7 1700000000000\nweird NaN\n'],
    ['http://10.42.0.3:9100/custom', 'queue_depth 3\n'],
  ]);
  const { calls, scrape } = endpoints(bodies);
  const pods = [pod('web', annotated), pod('plain', {}, '10.42.0.4'), pod('api', { ...annotated, 'prometheus.io/port': '9100', 'prometheus.io/path': 'custom' }, '10.42.0.3')];
  const collector = new PodMetricsCollector({ clock, logger: silentLogger, pods: () => pods, scrape });
  collector.start();
  await settle();
  assert.deepEqual(calls.sort(), ['http://10.42.0.2:8080/metrics', 'http://10.42.0.3:9100/custom']);
  assert.deepEqual(await collector.customMetrics(), {
    pods: [
      { podRef: { name: 'api', namespace: 'default', uid: 'uid-api' }, time: t0, samples: [{ name: 'queue_depth', labels: {}, value: 3, type: 'untyped' }] },
      {
        podRef: { name: 'web', namespace: 'default', uid: 'uid-web' }, time: t0,
        // NaN cannot travel in JSON: left out. The sample's own timestamp is not kept; the scrape's time stands.
        samples: [{ name: 'packets_per_second', labels: {}, value: 42, type: 'gauge' }, { name: 'http_requests_total', labels: { code: '200' }, value: 7, type: 'counter' }],
      },
    ],
  });
  collector[Symbol.dispose]();
});

test('PodMetricsCollector keeps only the latest scrape: a failed or malformed scrape drops the pod until it succeeds again', async () => {
  const clock = new FakeClock();
  const url = 'http://10.42.0.2:8080/metrics';
  const bodies = new Map([[url, 'requests 1\n']]);
  const { calls, scrape } = endpoints(bodies);
  const collector = new PodMetricsCollector({ clock, logger: silentLogger, pods: () => [pod('web', annotated)], scrape });
  collector.start();
  await settle();
  const valueAt = async (): Promise<[string | undefined, number | undefined]> => { const p = (await collector.customMetrics()).pods[0]; return [p?.time, p?.samples[0]?.value]; };
  assert.deepEqual(await valueAt(), [t0, 1]);
  bodies.set(url, 'requests 5\n');
  clock.advance(9_999);
  await settle();
  assert.deepEqual([calls.length, await valueAt()], [1, [t0, 1]], 'nothing new before the interval');
  clock.advance(1);
  await settle();
  assert.deepEqual([calls.length, await valueAt()], [2, ['2024-01-01T00:00:10.000Z', 5]]);
  bodies.delete(url);
  clock.advance(10_000);
  await settle();
  assert.deepEqual((await collector.customMetrics()).pods, []);
  bodies.set(url, 'requests{ 6\n');
  clock.advance(10_000);
  await settle();
  assert.deepEqual((await collector.customMetrics()).pods, []);
  bodies.set(url, 'requests 7\n');
  clock.advance(10_000);
  await settle();
  assert.deepEqual(await valueAt(), ['2024-01-01T00:00:40.000Z', 7]);
  collector[Symbol.dispose]();
  clock.advance(60_000);
  await settle();
  assert.equal(calls.length, 5, 'disposed, it scrapes no more');
});

test('PodMetricsCollector drops a pod that stopped at once, skips a bad port annotation, and enforces the sample limit', async () => {
  const clock = new FakeClock();
  const bodies = new Map([['http://10.42.0.2:8080/metrics', 'a 1\n'], ['http://10.42.0.3:8080/metrics', 'a 1\nb 2\nc 3\n']]);
  const { calls, scrape } = endpoints(bodies);
  let pods = [pod('web', annotated), pod('many', annotated, '10.42.0.3'), pod('bad', { ...annotated, 'prometheus.io/port': 'http' }, '10.42.0.4')];
  const collector = new PodMetricsCollector({ clock, logger: silentLogger, pods: () => pods, scrape, sampleLimit: 2 });
  // The first read waits for the first scrape.
  assert.deepEqual((await collector.customMetrics()).pods.map((p) => p.podRef.name), ['web']);
  assert.equal(calls.length, 2);
  pods = [];
  assert.deepEqual((await collector.customMetrics()).pods, []);
  assert.throws(() => new PodMetricsCollector({ clock, logger: silentLogger, pods: () => [], intervalMs: 0 }), /Cannot scrape pod metrics with intervalMs 0: it must be positive/);
});

test('PodMetricsCollector scrapes a real HTTP endpoint with its default scraper', async () => {
  const server = createServer((req, res) => { res.end(req.url === '/metrics' ? '# TYPE packets_per_second gauge\npackets_per_second 42\n' : ''); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const collector = new PodMetricsCollector({ clock: new FakeClock(), logger: silentLogger, pods: () => [pod('web', { ...annotated, 'prometheus.io/port': String(port) }, '127.0.0.1')] });
    assert.deepEqual((await collector.customMetrics()).pods[0]?.samples, [{ name: 'packets_per_second', labels: {}, value: 42, type: 'gauge' }]);
    collector[Symbol.dispose]();
  } finally {
    await new Promise((r) => server.close(r));
  }
});
