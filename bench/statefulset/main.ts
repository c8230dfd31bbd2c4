// bench/statefulset: a 1,000-replica Parallel StatefulSet with a volumeClaimTemplate (local-path) on 100
// simulated nodes, timed from its create until every pod is Ready and every claim Bound; then a
// 100-replica OrderedReady set (zero readiness delay), same measure. Against a real `skiff server`.
// The same-run baseline is the server's rate for plain ConfigMap creates (one write each, 32 clients).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { processUsage, startChild, killNode } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodes = Number(process.env['BENCH_NODES'] ?? '100');
const cases = [
  { name: 'parallel', replicas: Number(process.env['BENCH_REPLICAS'] ?? '1000'), policy: 'Parallel' },
  { name: 'ordered', replicas: Number(process.env['BENCH_ORDERED_REPLICAS'] ?? '100'), policy: 'OrderedReady' },
] as const;
/** BENCH_CLAIMS=0 drops the volumeClaimTemplate (the scale check: BENCH_NODES=1000 BENCH_REPLICAS=30000 BENCH_CLAIMS=0). */
const withClaims = process.env['BENCH_CLAIMS'] !== '0';
const setsR = lookupResource('apps', 'v1', 'statefulsets')!;
const pvcR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const cmR = lookupResource('', 'v1', 'configmaps')!;

const statefulSet = (name: string, replicas: number, policy: string): StatefulSet => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: {
    serviceName: name, replicas, podManagementPolicy: policy, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    ...(withClaims ? { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
  },
});

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-sts-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--simulated-nodes', String(nodes)], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const sets = new Informer<StatefulSet>({ client, resource: setsR, clock: realClock, logger: silentLogger });
  const claims = new Informer<PersistentVolumeClaim>({ client, resource: pvcR, clock: realClock, logger: silentLogger });
  try {
    process.stdout.write(`bench/statefulset: ${nodes} simulated nodes, ${withClaims ? 'local-path volumeClaimTemplate' : 'no claims'}; time from create until all pods Ready${withClaims ? ' and all claims Bound' : ''}\n`);
    const baselineCount = 1000;
    const baselineSec = await pool(baselineCount, 32, (i) => client.create(cmR, 'default', { metadata: { name: `base-${i}` }, data: { k: 'v' } }));
    const baseline = baselineCount / baselineSec;
    for (const inf of [sets, claims]) { inf.start(); await inf.waitForSync(); }
    for (const c of cases) {
      const bound = new Set<string>();
      let ready = 0;
      let finish: () => void = () => {};
      const done = new Promise<void>((r) => { finish = r; });
      const check = (): void => { if (ready >= c.replicas && (!withClaims || bound.size >= c.replicas)) finish(); };
      claims.addHandlers({ onUpdate: (p) => { if (p.status?.phase === 'Bound' && p.metadata!.name!.startsWith(`data-${c.name}-`)) { bound.add(p.metadata!.name!); check(); } } });
      sets.addHandlers({ onUpdate: (s) => { if (s.metadata?.name === c.name) { ready = s.status?.readyReplicas ?? 0; check(); } } });
      // Store revisions used (a probe create's resourceVersion is the store's revision): writes per pod.
      const revision = async (tag: string): Promise<number> => Number((await client.create(cmR, 'default', { metadata: { name: `probe-${c.name}-${tag}` } })).metadata.resourceVersion);
      const rv0 = await revision('before');
      const start = performance.now();
      await client.create(setsR, 'default', statefulSet(c.name, c.replicas, c.policy));
      const progress = setInterval(() => { if (process.env['BENCH_PROGRESS']) process.stderr.write(`  ${c.name}: ${ready} ready, ${bound.size} bound after ${((performance.now() - start) / 1000).toFixed(0)} s\n`); }, 10_000);
      await done;
      clearInterval(progress);
      const seconds = (performance.now() - start) / 1000;
      const perPod = (seconds * 1000) / c.replicas;
      const writes = (await revision('after')) - rv0 - 1;
      // Ratio: how many single-write creates the server does in the time one replica takes (lower is better).
      process.stdout.write(`${c.policy.padEnd(12)} ${String(c.replicas).padStart(5)} replicas  ${seconds.toFixed(2).padStart(6)} s  ${perPod.toFixed(1).padStart(6)} ms/pod  ` +
        `vs baseline ${baseline.toFixed(0)} creates/s: ${(perPod * baseline / 1000).toFixed(1)} create-times per pod; ${(writes / c.replicas).toFixed(1)} writes per pod\n`);
      if (process.env['BENCH_USAGE']) {
        // Background work (the event recorder's backlog, status writes) finishes first: measure after 60 s.
        await new Promise((r) => setTimeout(r, 60_000));
        const u = await processUsage(server.pid, 20_000);
        process.stdout.write(`  server 60 s later: ${u.rssMiB.toFixed(0)} MiB resident, ${u.cpuPercent.toFixed(1)}% of a core over 20 s\n`);
      }
    }
  } finally {
    await sets[Symbol.asyncDispose]();
    await claims[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await killNode(repo, server, dataDir);
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
