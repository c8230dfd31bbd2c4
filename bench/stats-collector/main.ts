// bench/stats-collector: what the kubelet's stats collector costs per sample with BENCH_CONTAINERS (default 50)
// containers: real cgroups (v1 or v2, made for the run under /skiff-bench-<pid>), the real reader, the
// collector's sample() repeated, then one summary(). CPU time per sample (this process) and wall time; the
// same-run baseline is reading the same files with bare readFileSync calls in one
// go, so the ratio is the collector's overhead over the unavoidable file reads. Needs root.
import { mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { StatsCollector, type RunningContainer } from '../../src/node/kubelet/stats/collector.js';
import { FsCgroupReader } from '../../src/node/kubelet/stats/cgroup-reader.js';
import { cgroupVersion } from '../../src/node/runtime/runc/cgroups.js';
import { realClock, silentLogger } from '../../src/util/index.js';

const count = Number(process.env['BENCH_CONTAINERS'] ?? '50');
const rounds = Number(process.env['BENCH_ROUNDS'] ?? '200');
const mount = '/sys/fs/cgroup';
const version = cgroupVersion();
const base = `/skiff-bench-${process.pid}`;
const hierarchies = version === 2 ? [mount] : [join(mount, 'cpuacct'), join(mount, 'memory')];
const paths = Array.from({ length: count }, (_, i) => `${base}/c${i}`);

function makeCgroups(): void {
  for (const h of hierarchies) for (const p of [base, ...paths]) mkdirSync(join(h, p), { recursive: true });
}
function removeCgroups(): void {
  for (const h of hierarchies) for (const p of [...paths, base]) { try { rmdirSync(join(h, p)); } catch { /* already gone */ } }
}

const files = (p: string): string[] => (version === 2
  ? [`${mount}${p}/cpu.stat`, `${mount}${p}/memory.current`, `${mount}${p}/memory.stat`]
  : [`${mount}/cpuacct${p}/cpuacct.usage`, `${mount}/memory${p}/memory.usage_in_bytes`, `${mount}/memory${p}/memory.stat`]);

async function measure(label: string, once: () => Promise<unknown>): Promise<{ cpuUs: number; wallMs: number }> {
  for (let i = 0; i < 10; i++) await once();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await once();
  const wallMs = (performance.now() - t0) / rounds;
  const used = process.cpuUsage(cpu0);
  const cpuUs = (used.user + used.system) / rounds;
  process.stdout.write(`${label}: ${cpuUs.toFixed(0)} µs CPU, ${wallMs.toFixed(2)} ms wall per sample\n`);
  return { cpuUs, wallMs };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/stats-collector needs root (it makes cgroups)');
  makeCgroups();
  try {
    const started = new Date();
    const containers: RunningContainer[] = paths.map((p, i) => ({ id: `c${i}`, name: 'c', cgroupPath: p, startedAt: started, pod: { name: `p${i}`, namespace: 'bench', uid: `u${i}`, startTime: started.toISOString() } }));
    const collector = new StatsCollector({ nodeName: 'bench', startTime: started.toISOString(), clock: realClock, logger: silentLogger, reader: new FsCgroupReader({ version }), containers: () => containers });
    process.stdout.write(`cgroup v${version}, ${count} containers, ${rounds} samples\n`);
    const bare = await measure('bare readFileSync of the same files', async () => [...paths, ''].flatMap(files).map((f) => readFileSync(f, 'utf8')));
    const sampled = await measure('StatsCollector.sample()', () => collector.sample());
    const s = await collector.summary();
    const summaryCost = await measure('StatsCollector.summary() + JSON', async () => JSON.stringify(await collector.summary()));
    process.stdout.write(`summary: ${s.pods.length} pods, ${JSON.stringify(s).length} bytes\n`);
    process.stdout.write(`ratio sample/bare reads: CPU ${(sampled.cpuUs / bare.cpuUs).toFixed(2)}, wall ${(sampled.wallMs / bare.wallMs).toFixed(2)}\n`);
    process.stdout.write(`CPU share at one sample per 10 s: ${((sampled.cpuUs / 1e6 / 10) * 100).toFixed(3)} % of a core (summary ${summaryCost.cpuUs.toFixed(0)} µs per read)\n`);
  } finally {
    removeCgroups();
  }
}

await main();
