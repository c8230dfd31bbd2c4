// The metrics store: rates between the last two points, restarts start over, pods need every container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsStore, type Point } from './store.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const pt = (sec: number, cpuSec: number, mem = 1024, start = T - 60_000): Point => ({ timeMs: T + sec * 1000, startMs: start, cpuCoreNanoSeconds: cpuSec * 1e9, memoryWorkingSetBytes: mem });
const scrape = (node: Point, containers: Record<string, Point> = {}) => ({ node, pods: [{ namespace: 'ns', name: 'p', containers: Object.entries(containers).map(([name, point]) => ({ name, point })) }] });

test('MetricsStore: a usage appears with the second point, as the CPU rate over the window', () => {
  const s = new MetricsStore();
  s.record('n1', scrape(pt(0, 100), { a: pt(0, 10) }));
  assert.equal(s.nodeUsage('n1'), undefined);
  assert.deepEqual(s.podUsages(), []);
  s.record('n1', scrape(pt(15, 115, 4096), { a: pt(15, 13, 2048) }));
  assert.deepEqual(s.nodeUsage('n1'), { cpuNanoCores: 1e9, memoryBytes: 4096, timeMs: T + 15_000, windowMs: 15_000 });
  assert.deepEqual(s.podUsages(), [{ namespace: 'ns', name: 'p', timeMs: T + 15_000, windowMs: 15_000, containers: [{ name: 'a', usage: { cpuNanoCores: 0.2e9, memoryBytes: 2048, timeMs: T + 15_000, windowMs: 15_000 } }] }]);
});

test('MetricsStore: a restarted container starts over; a pod with a container still warming up is left out', () => {
  const s = new MetricsStore();
  s.record('n1', scrape(pt(0, 100), { a: pt(0, 10), b: pt(0, 5) }));
  s.record('n1', scrape(pt(15, 110), { a: pt(15, 11), b: pt(15, 1, 1024, T + 10_000) }));
  assert.deepEqual(s.podUsages(), [], 'b restarted: no rate yet, so the pod is not listed');
  s.record('n1', scrape(pt(30, 120), { a: pt(30, 12), b: pt(30, 2, 1024, T + 10_000) }));
  assert.deepEqual(s.podUsages().map((p) => p.containers.map((c) => [c.name, c.usage.cpuNanoCores])), [[['a', 1e9 / 15000 * 1e3], ['b', 1e9 / 15000 * 1e3]]]);
});

test('MetricsStore: pods a scrape no longer reports and forgotten nodes are dropped', () => {
  const s = new MetricsStore();
  s.record('n1', scrape(pt(0, 1), { a: pt(0, 1) }));
  s.record('n1', scrape(pt(15, 2), { a: pt(15, 2) }));
  s.record('n1', { node: pt(30, 3), pods: [] });
  assert.deepEqual(s.podUsages(), []);
  s.forgetNode('n1');
  assert.equal(s.nodeUsage('n1'), undefined);
});
