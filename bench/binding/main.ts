// bench/binding: N claims against N matching static PVs, and N dynamically provisioned local-path claims,
// against a real `skiff server`: time from the first claim create until every claim is Bound. The baseline,
// measured in the same run against the same server, is the rate of plain PV creates (one API write each);
// each bind costs four writes (PV, PV status, PVC, PVC status) plus a create for provisioned volumes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupResource, type KubeObject } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { startChild, killNode } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const concurrency = 32;
const node = 'bench-node';
const pv = lookupResource('', 'v1', 'persistentvolumes')!;
const pvc = lookupResource('', 'v1', 'persistentvolumeclaims')!;


interface Run { n: number; mode: 'static' | 'dynamic'; baselinePerSec: number; createSec: number; boundSec: number }

async function run(n: number, mode: Run['mode']): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-binding-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--node-name', node], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const claims = new Informer({ client, resource: pvc, clock: realClock, logger: silentLogger });
  try {
    // Baseline: the same server's rate for single-write creates (the static PVs, or throwaway ones).
    const baselineCount = mode === 'static' ? n : Math.min(n, 2000);
    const baselineSec = await pool(baselineCount, concurrency, (i) => client.create(pv, '', {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `${mode === 'static' ? 'pv' : 'base'}-${i}` },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: mode === 'static' ? 'manual' : 'unused', nfs: { server: '10.0.0.1', path: `/v/${i}` } },
    }));
    let bound = 0;
    let allBound: () => void = () => {};
    const done = new Promise<void>((r) => { allBound = r; });
    const seen = new Set<string>();
    const onClaim = (o: KubeObject): void => {
      const name = String((o.metadata as { name?: string }).name);
      if ((o['status'] as { phase?: string } | undefined)?.phase === 'Bound' && !seen.has(name)) {
        seen.add(name);
        if (++bound === n) allBound();
      }
    };
    claims.addHandlers({ onAdd: onClaim, onUpdate: onClaim });
    claims.start();
    await claims.waitForSync();
    const t0 = performance.now();
    const createSec = await pool(n, concurrency, (i) => client.create(pvc, 'default', {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: `claim-${i}`, ...(mode === 'dynamic' ? { annotations: { 'volume.kubernetes.io/selected-node': node } } : {}) },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(mode === 'static' ? { storageClassName: 'manual' } : {}) },
    }));
    await done;
    return { n, mode, baselinePerSec: baselineCount / baselineSec, createSec, boundSec: (performance.now() - t0) / 1000 };
  } finally {
    await claims[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await killNode(repo, server, dataDir);
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`bench/binding: claims created by ${concurrency} concurrent clients; time from the first create until all are Bound\n`);
  const results: Run[] = [];
  for (const mode of ['static', 'dynamic'] as const) {
    for (const n of sizes) {
      const r = await run(n, mode);
      results.push(r);
      const pairs = r.n / r.boundSec;
      const writes = (r.n * (mode === 'static' ? 5 : 6)) / r.boundSec;
      process.stdout.write(`${mode.padEnd(7)} N=${String(n).padStart(6)}  all Bound in ${r.boundSec.toFixed(2).padStart(6)} s (claim creates took ${r.createSec.toFixed(2)} s)  ${pairs.toFixed(0).padStart(5)} binds/s  ` +
        `API writes ${writes.toFixed(0)}/s vs baseline creates ${r.baselinePerSec.toFixed(0)}/s: ratio ${(writes / r.baselinePerSec).toFixed(2)}x\n`);
    }
    const [a, b] = results.filter((r) => r.mode === mode);
    if (a && b) process.stdout.write(`${mode.padEnd(7)} growth ${a.n} → ${b.n}: time x${(b.boundSec / a.boundSec).toFixed(1)} for x${b.n / a.n} claims\n`);
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
