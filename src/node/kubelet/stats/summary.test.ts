import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CgroupUsage } from './cgroup-parse.js';
import { buildSummary, cpuRateNanoCores, type ContainerSamples, type Sample } from './summary.js';

const t0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const usage = (cpuNs: number, workingSetBytes: number, limitBytes?: number): CgroupUsage => ({
  cpuNs, memory: { usageBytes: workingSetBytes + 100, workingSetBytes, rssBytes: workingSetBytes / 2, pageFaults: 10, majorPageFaults: 1, ...(limitBytes !== undefined ? { limitBytes } : {}) },
});
const sample = (ms: number, u: CgroupUsage): Sample => ({ timeMs: t0 + ms, usage: u });

test('cpuRateNanoCores() is the CPU time used between two samples per second of wall time', () => {
  assert.equal(cpuRateNanoCores(sample(0, usage(1e9, 0)), sample(10_000, usage(6e9, 0))), 500_000_000);
  assert.equal(cpuRateNanoCores(sample(0, usage(0, 0)), sample(2_500, usage(2.5e9, 0))), 1e9);
});

test('cpuRateNanoCores() has no rate without an earlier sample, without elapsed time, or when the counter went back', () => {
  assert.deepEqual([
    cpuRateNanoCores(undefined, sample(0, usage(5, 0))),
    cpuRateNanoCores(sample(0, usage(5, 0)), sample(0, usage(9, 0))),
    cpuRateNanoCores(sample(0, usage(9e9, 0)), sample(10_000, usage(1e9, 0))),
  ], [undefined, undefined, undefined]);
});

const pod = (name: string, uid: string) => ({ name, namespace: 'default', uid, startTime: '2024-05-01T09:00:00Z' });

test('buildSummary() assembles node, pods and containers; pods are the sums of their containers', () => {
  const web = pod('web', 'u-web');
  const containers: ContainerSamples[] = [
    { name: 'sidecar', startTime: '2024-05-01T09:00:02.000Z', pod: web, prev: sample(0, usage(0, 0, 1000)), last: sample(10_000, usage(1e9, 300, 1000)) },
    { name: 'app', startTime: '2024-05-01T09:00:01.000Z', pod: web, prev: sample(0, usage(2e9, 0, 4000)), last: sample(10_000, usage(7e9, 1000, 4000)) },
    // Seen once: no rate yet; no limit: no availableBytes.
    { name: 'only', startTime: '2024-05-01T09:59:59.000Z', pod: pod('new', 'u-new'), last: sample(10_000, usage(3, 50)) },
  ];
  const node = { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', prev: sample(0, usage(100e9, 0, 8000)), last: sample(10_000, usage(120e9, 5000, 8000)) };
  const t = '2024-05-01T10:00:10.000Z';
  const mem = (ws: number, available?: number) => ({ time: t, ...(available !== undefined ? { availableBytes: available } : {}), usageBytes: ws + 100, workingSetBytes: ws, rssBytes: ws / 2, pageFaults: 10, majorPageFaults: 1 });
  assert.deepEqual(buildSummary(node, containers), {
    node: { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', cpu: { time: t, usageNanoCores: 2e9, usageCoreNanoSeconds: 120e9 }, memory: mem(5000, 3000) },
    pods: [
      {
        podRef: { name: 'new', namespace: 'default', uid: 'u-new' }, startTime: '2024-05-01T09:00:00Z',
        containers: [{ name: 'only', startTime: '2024-05-01T09:59:59.000Z', cpu: { time: t, usageCoreNanoSeconds: 3 }, memory: mem(50) }],
        cpu: { time: t, usageCoreNanoSeconds: 3 }, memory: mem(50),
      },
      {
        podRef: { name: 'web', namespace: 'default', uid: 'u-web' }, startTime: '2024-05-01T09:00:00Z',
        containers: [
          { name: 'app', startTime: '2024-05-01T09:00:01.000Z', cpu: { time: t, usageNanoCores: 5e8, usageCoreNanoSeconds: 7e9 }, memory: mem(1000, 3000) },
          { name: 'sidecar', startTime: '2024-05-01T09:00:02.000Z', cpu: { time: t, usageNanoCores: 1e8, usageCoreNanoSeconds: 1e9 }, memory: mem(300, 700) },
        ],
        cpu: { time: t, usageNanoCores: 6e8, usageCoreNanoSeconds: 8e9 },
        memory: { time: t, availableBytes: 3700, usageBytes: 1500, workingSetBytes: 1300, rssBytes: 650, pageFaults: 20, majorPageFaults: 2 },
      },
    ],
  });
});

test('buildSummary() leaves a pod sum out when one of its containers cannot contribute', () => {
  const p = pod('mixed', 'u1');
  const summary = buildSummary({ nodeName: 'n', startTime: '2024-05-01T00:00:00Z', last: sample(0, usage(0, 0)) }, [
    { name: 'a', startTime: '2024-05-01T09:00:00.000Z', pod: p, prev: sample(0, usage(0, 0, 100)), last: sample(10_000, usage(1e9, 10, 100)) },
    { name: 'b', startTime: '2024-05-01T09:00:00.000Z', pod: p, last: sample(10_000, usage(1e9, 10)) },
  ]);
  const totals = summary.pods[0];
  assert.deepEqual([totals?.cpu, totals?.memory?.availableBytes, totals?.memory?.workingSetBytes], [{ time: '2024-05-01T10:00:10.000Z', usageCoreNanoSeconds: 2e9 }, undefined, 20]);
});

test('buildSummary() gives a measured pod its persistent volumes by name; a pod without a measured container has none listed', () => {
  const web = pod('web', 'u-web');
  const containers: ContainerSamples[] = [{ name: 'app', startTime: '2024-05-01T09:00:01.000Z', pod: web, last: sample(10_000, usage(3, 50)) }];
  const node = { nodeName: 'n1', startTime: '2024-05-01T00:00:00Z', last: sample(10_000, usage(1, 1)) };
  const stats = (name: string) => ({ name, pvcRef: { name: `${name}-web`, namespace: 'default' }, time: '2024-05-01T10:00:10.000Z', capacityBytes: 10, usedBytes: 1, availableBytes: 9 });
  const summary = buildSummary(node, containers, new Map([['u-web', [stats('logs'), stats('data')]], ['u-gone', [stats('x')]]]));
  assert.deepEqual(summary.pods.map((p) => [p.podRef.name, p.volume?.map((v) => v.name)]), [['web', ['data', 'logs']]]);
  assert.equal('volume' in buildSummary(node, containers).pods[0]!, false, 'no volumes: no field');
});
