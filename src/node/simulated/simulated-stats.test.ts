import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../util/index.js';
import { annSimulateCpu, annSimulateMemory, SimulatedNodeStats, simulatedNodeBase, simulatedUsage } from './simulated-stats.js';

const start = Date.UTC(2024, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();

function pod(name: string, annotations: Record<string, string>, options: { containers?: string[]; phase?: string; startedAt?: string; memoryLimit?: string } = {}): Pod {
  const containers = options.containers ?? ['app'];
  const startedAt = options.startedAt ?? '2024-01-01T00:00:00Z';
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: { nodeName: 'node-1', containers: containers.map((c) => ({ name: c, ...(options.memoryLimit ? { resources: { limits: { memory: options.memoryLimit } } } : {}) })) },
    status: {
      phase: options.phase ?? 'Running', startTime: '2024-01-01T00:00:00Z',
      containerStatuses: containers.map((c) => ({ name: c, image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt } } })),
    },
  };
}

test('simulatedUsage() splits the pod\'s annotations evenly over its running containers; absent or malformed is 0', () => {
  assert.deepEqual(simulatedUsage(pod('p', { [annSimulateCpu]: '250m', [annSimulateMemory]: '64Mi' }, { containers: ['a', 'b', 'c'] })), [
    { name: 'a', startedAt: '2024-01-01T00:00:00Z', nanoCores: 83_333_334, bytes: 22369622 },
    { name: 'b', startedAt: '2024-01-01T00:00:00Z', nanoCores: 83_333_333, bytes: 22369621 },
    { name: 'c', startedAt: '2024-01-01T00:00:00Z', nanoCores: 83_333_333, bytes: 22369621 },
  ]);
  assert.deepEqual(simulatedUsage(pod('p', { [annSimulateCpu]: 'lots' })).map((u) => [u.nanoCores, u.bytes]), [[0, 0]]);
  assert.deepEqual(simulatedUsage(pod('p', { [annSimulateCpu]: '1' }, { phase: 'Pending' })), []);
});

test('SimulatedNodeStats.summary() reports the annotated usage; cumulative CPU grows at that rate', async () => {
  const clock = new FakeClock(start);
  const pods = [pod('web', { [annSimulateCpu]: '500m', [annSimulateMemory]: '64Mi' }, { memoryLimit: '128Mi' })];
  const stats = new SimulatedNodeStats({ nodeName: 'node-1', clock, pods: () => pods, capacityBytes: 1 << 30 });
  clock.advance(10_000);
  const s = await stats.summary();
  const t = iso(start + 10_000);
  const cpu = { time: t, usageNanoCores: 500_000_000, usageCoreNanoSeconds: 5_000_000_000 };
  const memory = { time: t, availableBytes: 64 << 20, usageBytes: 64 << 20, workingSetBytes: 64 << 20, rssBytes: 64 << 20, pageFaults: 0, majorPageFaults: 0 };
  const nodeBytes = (64 << 20) + simulatedNodeBase.bytes;
  assert.deepEqual(s, {
    node: {
      nodeName: 'node-1', startTime: '2024-01-01T00:00:00Z',
      cpu: { time: t, usageNanoCores: 500_000_000 + simulatedNodeBase.nanoCores, usageCoreNanoSeconds: 5_000_000_000 + simulatedNodeBase.nanoCores * 10 },
      memory: { time: t, availableBytes: (1 << 30) - nodeBytes, usageBytes: nodeBytes, workingSetBytes: nodeBytes, rssBytes: nodeBytes, pageFaults: 0, majorPageFaults: 0 },
    },
    pods: [{
      podRef: { name: 'web', namespace: 'default', uid: 'uid-web' }, startTime: '2024-01-01T00:00:00Z',
      containers: [{ name: 'app', startTime: '2024-01-01T00:00:00Z', cpu, memory }], cpu, memory,
    }],
  });
});

test('SimulatedNodeStats: a changed annotation changes the rate from the next summary on, and CPU used before stays', async () => {
  const clock = new FakeClock(start);
  let pods = [pod('web', { [annSimulateCpu]: '200m' })];
  const stats = new SimulatedNodeStats({ nodeName: 'node-1', clock, pods: () => pods, capacityBytes: 1 << 30 });
  clock.advance(10_000);
  assert.deepEqual((await stats.summary()).pods[0]?.cpu, { time: iso(start + 10_000), usageNanoCores: 200_000_000, usageCoreNanoSeconds: 2_000_000_000 });
  pods = [pod('web', { [annSimulateCpu]: '1' })]; // kubectl annotate --overwrite
  clock.advance(10_000);
  assert.deepEqual((await stats.summary()).pods[0]?.cpu, { time: iso(start + 20_000), usageNanoCores: 1_000_000_000, usageCoreNanoSeconds: 4_000_000_000 });
  clock.advance(10_000);
  assert.deepEqual((await stats.summary()).pods[0]?.cpu, { time: iso(start + 30_000), usageNanoCores: 1_000_000_000, usageCoreNanoSeconds: 14_000_000_000 });
});

test('SimulatedNodeStats: the node\'s CPU counter keeps the CPU of pods that are gone', async () => {
  const clock = new FakeClock(start);
  let pods = [pod('a', { [annSimulateCpu]: '1' }), pod('b', { [annSimulateCpu]: '1' })];
  const stats = new SimulatedNodeStats({ nodeName: 'node-1', clock, pods: () => pods, capacityBytes: 1 << 30 });
  clock.advance(10_000);
  const before = (await stats.summary()).node.cpu?.usageCoreNanoSeconds ?? 0;
  pods = [pods[0]!];
  clock.advance(1_000);
  const after = await stats.summary();
  assert.deepEqual([after.pods.map((p) => p.podRef.name), after.node.cpu?.usageCoreNanoSeconds], [['a'], before + 1_000_000_000 + simulatedNodeBase.nanoCores]);
});
