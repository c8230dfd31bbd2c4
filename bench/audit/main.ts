// bench/audit: the cost of audit logging on request throughput. Two `skiff server`s in the same run, one without
// audit and one auditing every request at Metadata level to a file; GET and CREATE at 10 clients, alternating
// which server goes first; prints each pair's ratio and the events written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type RequestSpec, type Target } from '../lib/load.js';
import { startChild } from '../lib/child.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const durationMs = Number(process.env['BENCH_SECONDS'] ?? '3') * 1000;

async function server(name: string, extra: (dir: string) => string[]): Promise<{ target: Target; dir: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), `skiff-bench-${name}-`));
  const child = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', ...extra(dir)], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dir, 'tls');
  const target = { url: `https://127.0.0.1:${child.port}`, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
  return { target, dir, stop: child.stop };
}

const fmt = (r: LoadResult): string => `${r.rps.toFixed(0).padStart(6)} req/s p99 ${r.p99.toFixed(1).padStart(5)} ms`;

async function main(): Promise<void> {
  const plain = await server('plain', () => []);
  const audited = await server('audit', (dir) => {
    writeFileSync(join(dir, 'policy.yaml'), 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
    return ['--audit-policy-file', join(dir, 'policy.yaml'), '--audit-log-path', join(dir, 'audit.log')];
  });
  const seed: RequestSpec = (i) => ({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: `obj-${i}` }, data: { k: 'v'.repeat(64) } } });
  for (const s of [plain, audited]) await runLoad(s.target, seed, { concurrency: 1, durationMs: 60_000, expect: 201, maxRequests: 100 });
  let n = 0;
  const workloads: Record<string, { spec: RequestSpec; expect: number }> = {
    GET: { spec: (i) => ({ method: 'GET', path: `/api/v1/namespaces/default/configmaps/obj-${i % 100}` }), expect: 200 },
    CREATE: { spec: () => ({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: `c-${n++}` }, data: { k: 'v'.repeat(64) } } }), expect: 201 },
  };
  process.stdout.write(`bench/audit: ${durationMs / 1000}s per cell, 10 clients; skiff without audit vs auditing every request at Metadata to a file\n`);
  for (const [name, w] of Object.entries(workloads)) {
    for (const auditFirst of [false, true]) {
      const order = auditFirst ? [audited, plain] : [plain, audited];
      const results = new Map<object, LoadResult>();
      for (const s of order) results.set(s, await runLoad(s.target, w.spec, { concurrency: 10, durationMs, expect: w.expect }));
      const p = results.get(plain)!;
      const a = results.get(audited)!;
      process.stdout.write(`${name.padEnd(6)} ${auditFirst ? 'audited first' : 'plain first  '}  plain ${fmt(p)} | audited ${fmt(a)} | ratio ${(a.rps / p.rps).toFixed(2)}x\n`);
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  const lines = readFileSync(join(audited.dir, 'audit.log'), 'utf8').split('\n').length - 1;
  process.stdout.write(`audit events written: ${lines}\n`);
  for (const s of [plain, audited]) { s.stop(); rmSync(s.dir, { recursive: true, force: true }); }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
