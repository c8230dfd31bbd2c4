// bench/authz: the cost of authorization on request throughput. Two `skiff server`s in the same run, one with
// --authorization-mode Node,RBAC (the default: the node authorizer, then RBAC) and one with AlwaysAllow, each
// holding 1,000 RoleBindings in the namespace under load (999 for other users, groups and accounts, one granting the benchmark's ServiceAccount
// `edit`). GET and CREATE of ConfigMaps as that ServiceAccount (its token, so not a system:masters member whom
// RBAC never consults), 10 clients, BENCH_ROUNDS pairs in each order; prints each pair's ratio and the median.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type RequestSpec, type Target } from '../lib/load.js';
import { startChild } from '../lib/child.js';
import { call } from '../lib/call.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const durationMs = Number(process.env['BENCH_SECONDS'] ?? '3') * 1000;
const bindings = Number(process.env['BENCH_BINDINGS'] ?? '1000');
const ns = 'bench';

interface Server { admin: Target; account: Target; dir: string; stop: () => void }

async function server(mode: 'Node,RBAC' | 'AlwaysAllow'): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `skiff-bench-authz-${mode}-`));
  const child = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', '--authorization-mode', mode], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dir, 'tls');
  const admin = { url: `https://127.0.0.1:${child.port}`, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
  await call(admin, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
  await call(admin, 'POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'loader' } });
  const tr = await call(admin, 'POST', `/api/v1/namespaces/${ns}/serviceaccounts/loader/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
  const token = (tr['status'] as { token: string }).token;
  const subject = (i: number): object => (i % 3 === 0 ? { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `user-${i}` } : i % 3 === 1 ? { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `group-${i}` } : { kind: 'ServiceAccount', name: `sa-${i}`, namespace: ns });
  const rb: RequestSpec = (i) => ({
    method: 'POST', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
    body: i === 0
      ? { metadata: { name: 'loader-edit' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'loader', namespace: ns }] }
      : { metadata: { name: `rb-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: i % 2 ? 'view' : 'edit' }, subjects: [subject(i)] },
  });
  const seeded = await runLoad(admin, rb, { concurrency: 4, durationMs: 120_000, expect: 201, maxRequests: bindings });
  if (seeded.errors) throw new Error(`${seeded.errors} RoleBindings failed`);
  const objects: RequestSpec = (i) => ({ method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, body: { metadata: { name: `obj-${i}` }, data: { k: 'v'.repeat(64) } } });
  await runLoad(admin, objects, { concurrency: 1, durationMs: 60_000, expect: 201, maxRequests: 100 });
  return { admin, account: { url: admin.url, ca: admin.ca, token }, dir, stop: child.stop };
}

const fmt = (r: LoadResult): string => `${r.rps.toFixed(0).padStart(6)} req/s p99 ${r.p99.toFixed(1).padStart(5)} ms`;

async function main(): Promise<void> {
  const rbac = await server('Node,RBAC');
  const open = await server('AlwaysAllow');
  let n = 0;
  const workloads: Record<string, { spec: RequestSpec; expect: number }> = {
    GET: { spec: (i) => ({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/obj-${i % 100}` }), expect: 200 },
    CREATE: { spec: () => ({ method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, body: { metadata: { name: `c-${n++}` }, data: { k: 'v'.repeat(64) } } }), expect: 201 },
  };
  process.stdout.write(`bench/authz: ${durationMs / 1000}s per cell, 10 clients, as a ServiceAccount (bearer token); ${bindings} RoleBindings in the namespace; Node,RBAC vs AlwaysAllow\n`);
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? '3');
  for (const [name, w] of Object.entries(workloads)) {
    const ratios: number[] = [];
    for (let round = 0; round < rounds * 2; round++) {
      const rbacFirst = round % 2 === 1;
      const order = rbacFirst ? [rbac, open] : [open, rbac];
      const results = new Map<object, LoadResult>();
      for (const s of order) {
        const r = await runLoad(s.account, w.spec, { concurrency: 10, durationMs, expect: w.expect });
        if (r.errors) throw new Error(`${name}: ${r.errors} requests failed`);
        results.set(s, r);
      }
      const a = results.get(open)!;
      const b = results.get(rbac)!;
      ratios.push(b.rps / a.rps);
      process.stdout.write(`${name.padEnd(6)} ${rbacFirst ? 'RBAC first       ' : 'AlwaysAllow first'}  AlwaysAllow ${fmt(a)} | RBAC ${fmt(b)} | ratio ${(b.rps / a.rps).toFixed(2)}x\n`);
    }
    ratios.sort((x, y) => x - y);
    const median = (ratios[(ratios.length - 1) >> 1]! + ratios[ratios.length >> 1]!) / 2;
    process.stdout.write(`${name.padEnd(6)} median ratio RBAC/AlwaysAllow ${median.toFixed(2)}x over ${ratios.length} pairs\n`);
  }
  for (const s of [rbac, open]) { s.stop(); rmSync(s.dir, { recursive: true, force: true }); }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
