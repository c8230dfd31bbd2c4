import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, silentLogger } from '../../../util/index.js';
import type { CgroupUsage } from './cgroup-parse.js';
import type { CgroupReader } from './cgroup-reader.js';
import { StatsCollector, type RunningContainer } from './collector.js';

/** A reader whose cgroups use CPU at a set rate (nanocores) against the fake clock. */
class FakeReader implements CgroupReader {
  readonly rates = new Map<string, number>();
  readonly cpu = new Map<string, number>();
  readonly memory = new Map<string, number>();
  reads = 0;
  readonly #clock: FakeClock;
  #lastMs: number;
  constructor(clock: FakeClock) {
    this.#clock = clock;
    this.#lastMs = clock.nowMs();
  }
  /** Changes a cgroup's rate from now on. */
  setRate(path: string, nanoCores: number): void {
    this.#accrue();
    this.rates.set(path, nanoCores);
  }
  /** Accrues CPU up to now. */
  #accrue(): void {
    const dt = (this.#clock.nowMs() - this.#lastMs) / 1000;
    for (const [path, rate] of this.rates) this.cpu.set(path, (this.cpu.get(path) ?? 0) + rate * dt);
    this.#lastMs = this.#clock.nowMs();
  }
  #usage(path: string): CgroupUsage {
    const ws = this.memory.get(path) ?? 0;
    return { cpuNs: this.cpu.get(path) ?? 0, memory: { usageBytes: ws, workingSetBytes: ws, rssBytes: 0, pageFaults: 0, majorPageFaults: 0 } };
  }
  async cgroup(path: string): Promise<CgroupUsage> {
    this.reads++;
    this.#accrue();
    if (!this.rates.has(path)) throw new Error(`ENOENT: ${path}`);
    return this.#usage(path);
  }
  async machine(): Promise<CgroupUsage> {
    this.#accrue();
    return { ...this.#usage('/'), memory: { ...this.#usage('/').memory, limitBytes: 1 << 30 } };
  }
}

const container = (id: string, name: string, podName = 'web'): RunningContainer => ({
  id, name, cgroupPath: `/skiff/${id}`, startedAt: new Date(Date.UTC(2024, 0, 1)), pod: { name: podName, namespace: 'default', uid: `uid-${podName}`, startTime: '2024-01-01T00:00:00Z' },
});

/** Lets the collector's pending reads settle. */
const settle = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };

function setup(running: RunningContainer[]) {
  const clock = new FakeClock();
  const reader = new FakeReader(clock);
  reader.rates.set('/', 1.5e9);
  for (const c of running) reader.rates.set(c.cgroupPath, 0);
  const collector = new StatsCollector({ nodeName: 'n1', startTime: '2024-01-01T00:00:00Z', clock, logger: silentLogger, reader, containers: () => running });
  return { clock, reader, collector, running };
}

test('StatsCollector.summary() reports usageNanoCores as the rate between the last two samples, 10 s apart', async () => {
  const { clock, reader, collector } = setup([container('c1', 'app')]);
  reader.rates.set('/skiff/c1', 750_000_000);
  collector.start();
  await settle();
  // One sample: cumulative counters, no rate yet.
  const first = await collector.summary();
  assert.deepEqual([first.pods[0]?.containers[0]?.cpu, first.node.cpu?.usageNanoCores], [{ time: '2024-01-01T00:00:00.000Z', usageCoreNanoSeconds: 0 }, undefined]);
  clock.advance(10_000);
  await settle();
  const second = await collector.summary();
  assert.deepEqual(second.pods[0]?.containers[0]?.cpu, { time: '2024-01-01T00:00:10.000Z', usageNanoCores: 750_000_000, usageCoreNanoSeconds: 7_500_000_000 });
  assert.deepEqual(second.pods[0]?.cpu, { time: '2024-01-01T00:00:10.000Z', usageNanoCores: 750_000_000, usageCoreNanoSeconds: 7_500_000_000 });
  assert.equal(second.node.cpu?.usageNanoCores, 1.5e9);
  // A rate that changes now shows from the next sample on, not before.
  reader.setRate('/skiff/c1', 250_000_000);
  clock.advance(5_000);
  await settle();
  assert.equal((await collector.summary()).pods[0]?.containers[0]?.cpu?.usageNanoCores, 750_000_000);
  clock.advance(5_000);
  await settle();
  assert.equal((await collector.summary()).pods[0]?.containers[0]?.cpu?.usageNanoCores, 250_000_000);
  collector[Symbol.dispose]();
});

test('StatsCollector keeps only current containers: an exited one goes with its samples', async () => {
  const { clock, reader, collector, running } = setup([container('c1', 'app'), container('c2', 'db', 'store')]);
  collector.start();
  await settle();
  assert.deepEqual((await collector.summary()).pods.map((p) => p.podRef.name), ['store', 'web']);
  running.splice(1, 1);
  clock.advance(10_000);
  await settle();
  assert.deepEqual((await collector.summary()).pods.map((p) => p.podRef.name), ['web']);
  // Listed but its cgroup already gone (exited between the listing and the read): dropped too.
  reader.rates.delete('/skiff/c1');
  clock.advance(10_000);
  await settle();
  assert.deepEqual((await collector.summary()).pods, []);
  collector[Symbol.dispose]();
});

test('StatsCollector.sampleNew() samples a container that just started, so the next regular sample has its rate', async () => {
  const { clock, reader, collector, running } = setup([]);
  collector.start();
  await settle();
  clock.advance(3_000);
  const late = container('c9', 'late', 'late');
  running.push(late);
  reader.setRate(late.cgroupPath, 400_000_000);
  await collector.sampleNew();
  assert.deepEqual((await collector.summary()).pods[0]?.containers[0]?.cpu, { time: '2024-01-01T00:00:03.000Z', usageCoreNanoSeconds: 0 });
  clock.advance(7_000);
  await settle();
  assert.deepEqual((await collector.summary()).pods[0]?.containers[0]?.cpu, { time: '2024-01-01T00:00:10.000Z', usageNanoCores: 400_000_000, usageCoreNanoSeconds: 2_800_000_000 });
  // Known containers are not sampled again between ticks.
  const reads = reader.reads;
  await collector.sampleNew();
  assert.equal(reader.reads, reads);
  collector[Symbol.dispose]();
});

test('StatsCollector.summary() before the first sample waits for one; disposed, it samples no more', async () => {
  const { clock, reader, collector } = setup([container('c1', 'app')]);
  assert.equal((await collector.summary()).pods.length, 1);
  collector.start();
  await settle();
  collector[Symbol.dispose]();
  const reads = reader.reads;
  clock.advance(60_000);
  await settle();
  assert.equal(reader.reads, reads);
});
