// bench/pod-start: pod start latency on the embedded node (runc) with the image already on the node: 50
// pods created at once, each timed from its create call until a watch shows it Running and Ready; p50 and
// p99 (upstream SLO: p99 ≤ 5 s; our goal: p99 under 1 s). Needs root and runc.
// The same-run baseline is the same 50 pods on a simulated node of the same server: everything but the
// node's own work (API writes, scheduling, the watch), so the ratio is what running real containers costs.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { startChild, killNode } from '../lib/child.js';
import { startRegistry } from '../../test/support/local-registry.js';
import { pushTestImages } from '../../test/support/test-images.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const count = Number(process.env['BENCH_PODS'] ?? '50');
const node = 'bench-node';
const podsR = lookupResource('', 'v1', 'pods')!;

const pod = (name: string, image: string, nodeName: string): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { bench: 'pod-start' } },
  spec: { nodeSelector: { 'kubernetes.io/hostname': nodeName }, terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image, command: ['sleep', '3600'] }] },
});

/** The floor: `count` bare `runc run -d` of a one-binary rootfs at once (no overlay, pod network or API). */
async function bareRunc(n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-runc-'));
  // stdio ignored: a detached container would otherwise hold the pipes open.
  const run = (args: string[]): Promise<void> => new Promise((res, rej) => spawn('runc', args, { cwd: dir, stdio: 'ignore' }).on('exit', (code) => (code === 0 ? res() : rej(new Error(`runc ${args.join(' ')}: exit ${code}`)))));
  try {
    mkdirSync(join(dir, 'root', 'bin'), { recursive: true });
    copyFileSync('/bin/busybox', join(dir, 'root', 'bin', 'sleep'));
    await run(['spec']);
    const spec = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { process: { args: string[]; terminal: boolean }; root: { path: string; readonly: boolean } };
    spec.process.args = ['sleep', '60'];
    spec.process.terminal = false;
    spec.root = { path: join(dir, 'root'), readonly: true };
    for (let i = 0; i < n; i++) { mkdirSync(join(dir, `b${i}`)); writeFileSync(join(dir, `b${i}`, 'config.json'), JSON.stringify(spec)); }
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => run(['--root', join(dir, 'state'), 'run', '-d', '--bundle', join(dir, `b${i}`), `c${i}`])));
    const ms = performance.now() - t0;
    await Promise.all(Array.from({ length: n }, (_, i) => run(['--root', join(dir, 'state'), 'delete', '-f', `c${i}`]).catch(() => undefined)));
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/pod-start runs containers with runc: run it as root');
  const registry = await startRegistry();
  const images = await pushTestImages(registry);
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-podstart-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--node-name', node, '--cluster-cidr', '10.231.0.0/16', '--simulated-nodes', '1'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const pods = new Informer<Pod>({ client, resource: podsR, clock: realClock, logger: silentLogger });
  try {
    pods.start();
    await pods.waitForSync();
    const created = new Map<string, number>();
    const running = new Map<string, number>();
    const ready = new Map<string, number>();
    const observe = (p: Pod): void => {
      const name = p.metadata!.name!;
      if (!created.has(name)) return;
      const now = performance.now();
      if (p.status?.phase === 'Running' && !running.has(name)) running.set(name, now);
      if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !ready.has(name)) ready.set(name, now);
    };
    pods.addHandlers({ onAdd: observe, onUpdate: observe });
    const round = async (prefix: string, nodeName: string, n: number): Promise<{ running: number[]; ready: number[]; wallMs: number }> => {
      const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
      const t0 = performance.now();
      await Promise.all(names.map(async (name) => {
        created.set(name, performance.now());
        await client.create(podsR, 'default', pod(name, images.busybox, nodeName));
      }));
      for (let waited = 0; !names.every((x) => ready.has(x)); waited += 50) {
        if (waited > 120_000) throw new Error(`${prefix}: only ${names.filter((x) => ready.has(x)).length}/${n} pods Ready after 120 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const wallMs = performance.now() - t0;
      const lat = (m: Map<string, number>): number[] => names.map((x) => m.get(x)! - created.get(x)!).sort((a, b) => a - b);
      return { running: lat(running), ready: lat(ready), wallMs };
    };
    // The image is pulled once (not measured): the bench is about starting pods with a cached image.
    await round('warm', node, 1);
    const baseline = await round('sim', 'node-1', count);
    const real = await round('runc', node, count);
    const floor = await bareRunc(count);
    const fmt = (ms: number): string => `${ms.toFixed(0).padStart(5)} ms`;
    process.stdout.write(`bench/pod-start: ${count} pods created at once, image cached; latency from create to Running / Ready (watch)\n`);
    for (const [label, r] of [['simulated node (baseline)', baseline], ['runc node', real]] as const) {
      process.stdout.write(`${label.padEnd(26)} Running p50 ${fmt(percentile(r.running, 50))} p99 ${fmt(percentile(r.running, 99))}   Ready p50 ${fmt(percentile(r.ready, 50))} p99 ${fmt(percentile(r.ready, 99))}   all ${count} Ready in ${fmt(r.wallMs)}\n`);
    }
    process.stdout.write(`bare runc (floor)          ${count} \`runc run -d\` at once, no overlay, network or API: all started in ${fmt(floor)}\n`);
    const p99 = percentile(real.ready, 99);
    process.stdout.write(`ratio runc/baseline: Ready p50 ${(percentile(real.ready, 50) / percentile(baseline.ready, 50)).toFixed(1)}x, p99 ${(p99 / percentile(baseline.ready, 99)).toFixed(1)}x; ` +
      `p99 ${p99 <= 1000 ? 'meets' : 'misses'} the 1 s goal, ${p99 <= 5000 ? 'meets' : 'misses'} the 5 s SLO\n`);
  } finally {
    await pods[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await killNode(repo, server, dataDir);
    await server.exited;
    await registry.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
