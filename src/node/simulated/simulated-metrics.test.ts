import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../util/index.js';
import { annSimulateMetrics, parseSimulatedMetrics, runningSinceMs, SimulatedNodeCustomMetrics } from './simulated-metrics.js';

const start = Date.UTC(2024, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();

function pod(name: string, metrics: string | undefined, options: { phase?: string; startedAt?: string[] } = {}): Pod {
  const startedAt = options.startedAt ?? ['2024-01-01T00:00:00Z'];
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations: metrics === undefined ? {} : { [annSimulateMetrics]: metrics } },
    spec: { nodeName: 'node-1', containers: startedAt.map((_, i) => ({ name: `c${i}` })) },
    status: {
      phase: options.phase ?? 'Running', startTime: '2024-01-01T00:00:00Z',
      containerStatuses: startedAt.map((at, i) => ({ name: `c${i}`, image: 'x', imageID: '', ready: true, restartCount: 0, state: at ? { running: { startedAt: at } } : { waiting: {} } })),
    },
  };
}

test('parseSimulatedMetrics() reads gauges, counters, quantities and labels, separated by commas or newlines', () => {
  assert.deepEqual(parseSimulatedMetrics('packets_per_second=1200, http_requests_total+=25\nratio = 500m,big=1.5k , temp=-3,'), {
    series: [
      { name: 'packets_per_second', labels: {}, kind: 'gauge', value: 1200 }, { name: 'http_requests_total', labels: {}, kind: 'counter', value: 25 },
      { name: 'ratio', labels: {}, kind: 'gauge', value: 0.5 }, { name: 'big', labels: {}, kind: 'gauge', value: 1500 }, { name: 'temp', labels: {}, kind: 'gauge', value: -3 },
    ],
    errors: [],
  });
  assert.deepEqual(parseSimulatedMetrics('requests{path="/api",q="a=b, c"}+=5, requests{path="/"}+=1e3').series, [
    { name: 'requests', labels: { path: '/api', q: 'a=b, c' }, kind: 'counter', value: 5 }, { name: 'requests', labels: { path: '/' }, kind: 'counter', value: 1000 },
  ]);
});

test('parseSimulatedMetrics() leaves malformed entries out and says why, keeping the others', () => {
  assert.deepEqual(parseSimulatedMetrics('ok=1, novalue, bad name=2, x=lots, down+=-1, ok=2, l{a=1}=3'), {
    series: [{ name: 'ok', labels: {}, kind: 'gauge', value: 1 }],
    errors: [
      'Cannot simulate metric "novalue": "novalue" has no "=" or "+="',
      'Cannot simulate metric "bad name=2": expected the end of the series, found "name"',
      'Cannot simulate metric "x=lots": "lots" is not a number or quantity',
      'Cannot simulate metric "down+=-1": counter "down" cannot grow at a negative rate -1',
      'Cannot simulate metric "ok=2": series "ok=2" is declared twice',
      'Cannot simulate metric "l{a=1}=3": expected a quoted value for label "a", found "1}"',
    ],
  });
});

test('runningSinceMs() is when the earliest running container started; undefined unless Running with one running', () => {
  assert.deepEqual([
    runningSinceMs(pod('p', '', { startedAt: ['2024-01-01T00:00:05Z', '2024-01-01T00:00:02Z'] })),
    runningSinceMs(pod('p', '', { startedAt: ['', '2024-01-01T00:00:07Z'] })),
    runningSinceMs(pod('p', '', { phase: 'Pending' })),
    runningSinceMs(pod('p', '', { startedAt: [''] })),
  ], [start + 2_000, start + 7_000, undefined, undefined]);
});

test('SimulatedNodeCustomMetrics reports annotated Running pods: gauges as given, counters grown at their rate since the pod started', async () => {
  const clock = new FakeClock(start + 10_000);
  const pods = [pod('web', 'packets_per_second=1200, http_requests_total{code="200"}+=25'), pod('plain', undefined), pod('waiting', 'a=1', { phase: 'Pending' })];
  const source = new SimulatedNodeCustomMetrics({ clock, pods: () => pods });
  assert.deepEqual(await source.customMetrics(), {
    pods: [{
      podRef: { name: 'web', namespace: 'default', uid: 'uid-web' }, time: iso(start + 10_000),
      samples: [{ name: 'packets_per_second', labels: {}, value: 1200, type: 'gauge' }, { name: 'http_requests_total', labels: { code: '200' }, value: 250, type: 'counter' }],
    }],
  });
  clock.advance(4_000);
  assert.deepEqual((await source.customMetrics()).pods[0]?.samples[1]?.value, 350);
});

test('SimulatedNodeCustomMetrics: annotate --overwrite changes a gauge at once and a counter\'s rate from then on, keeping its count', async () => {
  const clock = new FakeClock(start + 10_000);
  let pods = [pod('web', 'load=3, requests+=10')];
  const source = new SimulatedNodeCustomMetrics({ clock, pods: () => pods });
  const values = async (): Promise<number[]> => ((await source.customMetrics()).pods[0]?.samples ?? []).map((s) => s.value);
  assert.deepEqual(await values(), [3, 100]);
  pods = [pod('web', 'load=7, requests+=1k')];
  assert.deepEqual(await values(), [7, 100]);
  clock.advance(2_000);
  assert.deepEqual(await values(), [7, 2_100]);
  // A series dropped from the annotation is forgotten; declared again, it counts from the pod's start.
  pods = [pod('web', 'load=7')];
  assert.deepEqual(await values(), [7]);
  pods = [pod('web', 'load=7, requests+=1')];
  assert.deepEqual(await values(), [7, 12]);
});

test('SimulatedNodeCustomMetrics: a pod whose containers restarted counts from the restart', async () => {
  const clock = new FakeClock(start + 10_000);
  let pods = [pod('web', 'requests+=2')];
  const source = new SimulatedNodeCustomMetrics({ clock, pods: () => pods });
  assert.equal((await source.customMetrics()).pods[0]?.samples[0]?.value, 20);
  pods = [pod('web', 'requests+=2', { startedAt: ['2024-01-01T00:00:08Z'] })];
  assert.equal((await source.customMetrics()).pods[0]?.samples[0]?.value, 4);
});
