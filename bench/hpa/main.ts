// bench/hpa: 1,000 HPAs over 1,000 one-replica Deployments on 100 simulated nodes (pods "use" 100m of a 200m
// request: 50%, the target), against a real `skiff server` with the default 15 s metric resolution and HPA sync
// period. Measures the server's CPU per sync period in the steady state, then raises the usage of 100
// Deployments' pods to 300m and times each Deployment's scale write (spec.replicas changing) from that change.
// The same-run baseline is the server's rate for plain ConfigMap creates.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { processUsage, startChild } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodes = Number(process.env['BENCH_NODES'] ?? '100');
const count = Number(process.env['BENCH_HPAS'] ?? '1000');
const changed = Number(process.env['BENCH_CHANGED'] ?? '100');
const syncPeriod = process.env['BENCH_SYNC_PERIOD'] ?? '15s';
const deploymentsR = lookupResource('apps', 'v1', 'deployments')!;
const hpaR = lookupResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const cmR = lookupResource('', 'v1', 'configmaps')!;

const deployment = (name: string): Deployment => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, annotations: { 'skiff.io/simulate-cpu': '100m' } },
      spec: { containers: [{ name: 'c', image: 'php-apache', resources: { requests: { cpu: '200m' } } }] },
    },
  },
});
const hpa = (name: string): HorizontalPodAutoscaler => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
});

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench/hpa: ${what} not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-hpa-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', '--simulated-nodes', String(nodes), '--horizontal-pod-autoscaler-sync-period', syncPeriod], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const hpas = new Informer<HorizontalPodAutoscaler>({ client, resource: hpaR, clock: realClock, logger: silentLogger });
  const deployments = new Informer<Deployment>({ client, resource: deploymentsR, clock: realClock, logger: silentLogger });
  const pods = new Informer<Pod>({ client, resource: podsR, clock: realClock, logger: silentLogger });
  try {
    process.stdout.write(`bench/hpa: ${count} HPAs over ${count} Deployments on ${nodes} simulated nodes, sync period ${syncPeriod}, metric resolution 15s\n`);
    const baselineSec = await pool(1000, 32, (i) => client.create(cmR, 'default', { metadata: { name: `base-${i}` }, data: { k: 'v' } }));
    const baseline = 1000 / baselineSec;
    for (const inf of [hpas, deployments, pods]) { inf.start(); await inf.waitForSync(); }
    const t0 = performance.now();
    await pool(count, 32, (i) => client.create(deploymentsR, 'default', deployment(`app-${i}`)));
    await until(() => deployments.list().filter((d) => (d.status?.readyReplicas ?? 0) >= 1).length >= count, 600_000, 'all Deployments ready');
    const readySec = (performance.now() - t0) / 1000;
    await pool(count, 32, (i) => client.create(hpaR, 'default', hpa(`app-${i}`)));
    const t1 = performance.now();
    await until(() => hpas.list().filter((h) => h.status?.currentMetrics?.[0]?.resource?.current.averageUtilization !== undefined).length >= count, 600_000, 'every HPA with a metric');
    const measuredSec = (performance.now() - t1) / 1000;
    process.stdout.write(`setup: ${count} Deployments ready in ${readySec.toFixed(1)} s; every HPA showing its utilization ${measuredSec.toFixed(1)} s after the HPAs were created\n`);
    const periodMs = Number(syncPeriod.replace(/s$/, '')) * 1000;
    const usage = await processUsage(server.pid, 4 * periodMs);
    process.stdout.write(`steady state: the server uses ${(usage.cpuPercent / 100 * periodMs / 1000).toFixed(2)} CPU-seconds per ${syncPeriod} sync period (${usage.cpuPercent.toFixed(1)}% of a core over ${4 * periodMs / 1000} s; scraping, metrics API, HPA syncs, simulated kubelets), ${usage.rssMiB.toFixed(0)} MiB resident\n`);

    // The usage change: the pods of the first `changed` Deployments go to 300m (150% of their request).
    const scaledAt = new Map<string, number>();
    deployments.addHandlers({ onUpdate: (d) => { const n = d.metadata?.name ?? ''; if ((d.spec?.replicas ?? 1) > 1 && !scaledAt.has(n)) scaledAt.set(n, performance.now()); } });
    const targets = Array.from({ length: changed }, (_, i) => `app-${i}`);
    const changedAt = new Map<string, number>();
    await pool(targets.length, 16, async (i) => {
      const name = targets[i]!;
      for (const p of pods.list().filter((x) => x.metadata?.labels?.['app'] === name)) {
        await client.patch(podsR, 'default', p.metadata!.name!, { metadata: { annotations: { 'skiff.io/simulate-cpu': '300m' } } }, 'merge');
      }
      changedAt.set(name, performance.now());
    });
    await until(() => targets.every((t) => scaledAt.has(t)), 300_000, 'every changed Deployment scaled');
    const delays = targets.map((t) => (scaledAt.get(t)! - changedAt.get(t)!) / 1000).sort((a, b) => a - b);
    process.stdout.write(`usage change → scale write, ${changed} Deployments: p50 ${pct(delays, 50).toFixed(1)} s, p99 ${pct(delays, 99).toFixed(1)} s, max ${delays.at(-1)!.toFixed(1)} s (bound: metric resolution + sync period = 30 s)\n`);
    process.stdout.write(`baseline: ${baseline.toFixed(0)} ConfigMap creates/s; one sync period's server CPU equals ${(usage.cpuPercent / 100 * periodMs / 1000 * baseline).toFixed(0)} creates\n`);
  } finally {
    for (const inf of [hpas, deployments, pods]) await inf[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
