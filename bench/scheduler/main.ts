// bench/scheduler: pods scheduled per second on 1,000 and 5,000 simulated nodes, plain pods and pods with
// a local-path claim each, against a real `skiff server --simulated-nodes N`.
// Time runs from the first pod create until every pod has a node. The same-run baseline is the server's rate
// for plain ConfigMap creates (one write each) at the same client concurrency.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { startChild, killNode } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodeCounts = (process.env['BENCH_NODES'] ?? '1000,5000').split(',').map(Number);
const podCount = Number(process.env['BENCH_PODS'] ?? '3000');
const concurrency = 32;
const podsR = lookupResource('', 'v1', 'pods')!;
const pvcR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const cmR = lookupResource('', 'v1', 'configmaps')!;


async function run(nodes: number, withClaims: boolean): Promise<{ seconds: number; baseline: number; startup: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-sched-'));
  const t0 = performance.now();
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--simulated-nodes', String(nodes)], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const startup = (performance.now() - t0) / 1000;
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const pods = new Informer<Pod>({ client, resource: podsR, clock: realClock, logger: silentLogger });
  try {
    const baselineSec = await pool(podCount, concurrency, (i) => client.create(cmR, 'default', { metadata: { name: `base-${i}` }, data: { k: 'v' } }));
    let placed = 0;
    let finish: () => void = () => {};
    const done = new Promise<void>((r) => { finish = r; });
    const seen = new Set<string>();
    const onPod = (p: Pod): void => {
      if (p.spec?.nodeName && !seen.has(p.metadata!.name!)) { seen.add(p.metadata!.name!); if (++placed === podCount) finish(); }
    };
    pods.addHandlers({ onAdd: onPod, onUpdate: onPod });
    pods.start();
    await pods.waitForSync();
    const start = performance.now();
    await pool(podCount, concurrency, async (i) => {
      if (withClaims) await client.create(pvcR, 'default', { metadata: { name: `data-${i}` }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
      await client.create(podsR, 'default', {
        metadata: { name: `pod-${i}` },
        spec: {
          containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
          ...(withClaims ? { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: `data-${i}` } }] } : {}),
        },
      });
    });
    await done;
    return { seconds: (performance.now() - start) / 1000, baseline: podCount / baselineSec, startup };
  } finally {
    await pods[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await killNode(repo, server, dataDir);
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`bench/scheduler: ${podCount} pods created by ${concurrency} clients; time from the first create until all have a node\n`);
  for (const withClaims of process.env['BENCH_ONLY_PVC'] ? [true] : [false, true]) {
    for (const nodes of nodeCounts) {
      const r = await run(nodes, withClaims);
      const rate = podCount / r.seconds;
      process.stdout.write(`${withClaims ? 'with a local-path PVC' : 'plain pods           '}  ${String(nodes).padStart(5)} nodes (ready in ${r.startup.toFixed(1)} s)  ` +
        `${r.seconds.toFixed(2).padStart(6)} s  ${rate.toFixed(0).padStart(5)} pods/s  vs baseline ${r.baseline.toFixed(0)} creates/s: ratio ${(rate / r.baseline).toFixed(2)}x\n`);
    }
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
