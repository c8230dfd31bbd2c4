// bench/api's etcd column (issue 17): CREATE through `skiff server --datastore etcd://…` at 1, 10 and 100 clients
// against raw etcd puts with the same gRPC client at the same concurrency, on one etcd member started here, in the
// same run; and watch latency: from a create's response to its event on an open watch of the same server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdClient } from '../../src/storage/etcd/etcd-client.js';
import { etcdMissing, startEtcd } from '../../src/storage/etcd/etcd-test-member.js';
import { startChild } from '../lib/child.js';
import { runLoad, type Target } from '../lib/load.js';

const value = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { k: 'v'.repeat(64) } }));

/** Raw puts of distinct keys by `concurrency` loops for durationMs: puts per second. */
async function rawPuts(client: EtcdClient, concurrency: number, durationMs: number): Promise<number> {
  let n = 0;
  const end = performance.now() + durationMs;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) await client.call('txn', { success: [{ request_put: { key: Buffer.from(`/raw/${concurrency}/${n++}`), value } }] });
  }));
  return n / ((performance.now() - t0) / 1000);
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Milliseconds from each create's 201 to its ADDED event on a watch opened before (n creates, one at a time). */
async function watchLatency(target: Target, n: number): Promise<number[]> {
  const u = new URL(target.url);
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const watch = request({ host: u.hostname, port: u.port, path: '/api/v1/namespaces/default/configmaps?watch=1&labelSelector=bench%3Dwatch', ca: target.ca, cert: target.cert, key: target.key }, (res) => {
    let buf = '';
    res.on('data', (c: Buffer) => {
      buf += c.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buf.slice(0, i)) as { type: string; object: { metadata: { name: string } } };
        buf = buf.slice(i + 1);
        const at = performance.now();
        const w = waiting.get(ev.object.metadata.name);
        if (w) w(at); else seen.set(ev.object.metadata.name, at);
      }
    });
  });
  watch.end();
  await new Promise((r) => setTimeout(r, 500));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `watched-${i}`;
    const arrived = new Promise<number>((resolve) => { waiting.set(name, resolve); });
    const responded = await new Promise<number>((resolve, reject) => {
      const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { bench: 'watch' } }, data: { k: 'v' } }));
      const r = request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/v1/namespaces/default/configmaps', ca: target.ca, cert: target.cert, key: target.key, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => { res.resume(); res.on('end', () => resolve(performance.now())); });
      r.on('error', reject);
      r.end(body);
    });
    const at = seen.get(name) ?? await arrived;
    out.push(Math.max(0, at - responded));
  }
  watch.destroy();
  return out.sort((a, b) => a - b);
}

export async function etcdColumn(repo: string, durationMs: number): Promise<void> {
  const missing = etcdMissing();
  if (missing) { process.stdout.write(`etcd column skipped: ${missing}\n`); return; }
  const etcd = await startEtcd(1);
  const client = new EtcdClient({ endpoints: etcd.endpoints });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-etcd-'));
  const skiff = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', '--datastore', etcd.url], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  try {
    const tls = join(dataDir, 'tls');
    const target: Target = { url: `https://127.0.0.1:${skiff.port}`, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
    process.stdout.write(`etcd column: skiff --datastore etcd:// (one member) vs raw etcd puts with the same gRPC client, ${durationMs / 1000}s per cell\n`);
    let n = 0;
    for (const c of [1, 10, 100]) {
      const s = await runLoad(target, () => ({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `e-${n++}` }, data: { k: 'v'.repeat(64) } } }), { concurrency: c, durationMs, expect: 201 });
      const raw = await rawPuts(client, c, durationMs);
      process.stdout.write(`CREATE c=${String(c).padEnd(3)} skiff/etcd ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms | raw put ${raw.toFixed(0).padStart(6)} /s | ratio ${(s.rps / raw).toFixed(2)}x\n`);
    }
    const lat = await watchLatency(target, 200);
    process.stdout.write(`watch latency (create response → watch event, 200 creates): p50 ${pct(lat, 0.5).toFixed(1)} ms  p99 ${pct(lat, 0.99).toFixed(1)} ms\n`);
  } finally {
    skiff.stop();
    await skiff.exited;
    client.close();
    await etcd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
