// bench/api: GET, LIST (100 objects) and CREATE throughput and latency at 1, 10 and 100 clients,
// against `skiff server` and, in the same run, a bare node:https server doing equivalent JSON; prints ratios.
// Then the etcd column (etcd.ts; BENCH_ETCD=0 skips it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type RequestSpec, type Target } from '../lib/load.js';
import { startChild, killNode } from '../lib/child.js';
import { etcdColumn } from './etcd.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const durationMs = Number(process.env['BENCH_SECONDS'] ?? '3') * 1000;

function fetchJson(t: Target, path: string): Promise<unknown> {
  const u = new URL(t.url);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path, ca: t.ca, cert: t.cert, key: t.key }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    }).on('error', reject).end();
  });
}

const fmt = (r: LoadResult): string => `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.errors ? `  errors ${r.errors}` : ''}`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
  const skiff = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const creds = { ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
  const skiffTarget: Target = { url: `https://127.0.0.1:${skiff.port}`, ...creds };
  // 100 objects to GET and LIST; the baseline then serves exactly the objects Skiff returned.
  await runLoad(skiffTarget, (i) => ({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `obj-${i}` }, data: { k: 'v'.repeat(64) } } }), { concurrency: 1, durationMs: 60_000, expect: 201, maxRequests: 100 });
  const list = await fetchJson(skiffTarget, '/api/v1/namespaces/default/configmaps') as { items: unknown[] };
  const itemsFile = join(dataDir, 'items.json');
  writeFileSync(itemsFile, JSON.stringify(list.items));
  const bare = await startChild([join(repo, 'dist/bench/api/bare-server.js'), tls, itemsFile], /listening (\d+)/);
  const targets: Record<string, Target> = { skiff: skiffTarget, bare: { url: `https://127.0.0.1:${bare.port}`, ...creds } };
  let n = 0;
  const workloads: Record<string, { spec: RequestSpec; expect: number }> = {
    GET: { spec: (i) => ({ method: 'GET', path: `/api/v1/namespaces/default/configmaps/obj-${i % 100}` }), expect: 200 },
    LIST: { spec: () => ({ method: 'GET', path: '/api/v1/namespaces/default/configmaps?limit=100' }), expect: 200 },
    CREATE: { spec: () => ({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${process.pid}-${n++}` }, data: { k: 'v'.repeat(64) } } }), expect: 201 },
  };
  process.stdout.write(`bench/api: ${durationMs / 1000}s per cell; skiff (sqlite, TLS, authn) vs bare node:https JSON server, same machine, same run\n`);
  for (const [name, w] of Object.entries(workloads)) {
    for (const c of [1, 10, 100]) {
      const s = await runLoad(targets['skiff']!, w.spec, { concurrency: c, durationMs, expect: w.expect });
      const b = await runLoad(targets['bare']!, w.spec, { concurrency: c, durationMs, expect: w.expect });
      process.stdout.write(`${name.padEnd(6)} c=${String(c).padEnd(3)} skiff ${fmt(s)} | bare ${fmt(b)} | ratio ${(s.rps / b.rps).toFixed(2)}x\n`);
    }
  }
  skiff.stop();
  await killNode(repo, skiff, dataDir);
  bare.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (process.env['BENCH_ETCD'] !== '0') await etcdColumn(repo, durationMs);
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
