// bench/crd: custom resources against built-in ConfigMaps on the same `skiff server` in the same run (GET and
// CREATE, 10 clients, BENCH_ROUNDS pairs in alternating order; a CR of a CRD with a structural schema, defaults
// and a status subresource, a ConfigMap of the same payload; CREATE also for a CelWidget whose schema carries CEL
// rules), and the time to establish 100 CRDs (create them all,
// then until each is Established).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type RequestSpec, type Target } from '../lib/load.js';
import { startChild } from '../lib/child.js';
import { call } from '../lib/call.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const durationMs = Number(process.env['BENCH_SECONDS'] ?? '3') * 1000;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? '3');
const crdCount = Number(process.env['BENCH_CRDS'] ?? '100');
const ns = 'bench';

/** CEL rules of the CelWidget kind: three on spec (one a transition rule), one on each label. */
const celRules = {
  spec: [
    { rule: 'self.replicas <= 100', message: 'at most 100 replicas' },
    { rule: "self.size.startsWith('v')" },
    { rule: 'self.labels.all(k, k.size() < 64)' },
    { rule: 'self.size == oldSelf.size', message: 'size is immutable' },
  ],
  label: [{ rule: 'self.size() < 128' }],
};

function widgetCrd(plural: string, kind: string, cel = false): Record<string, unknown> {
  const rules = (r: object[]): object => (cel ? { 'x-kubernetes-validations': r } : {});
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.bench.example.com` },
    spec: {
      group: 'bench.example.com', scope: 'Namespaced', names: { plural, kind },
      versions: [{
        name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', ...rules(celRules.spec), properties: { size: { type: 'string', maxLength: 128 }, replicas: { type: 'integer', minimum: 0, default: 1 }, labels: { type: 'object', maxProperties: 64, additionalProperties: { type: 'string', maxLength: 128, ...rules(celRules.label) } } } },
              status: { type: 'object', properties: { phase: { type: 'string' } } },
            },
          },
        },
      }],
    },
  };
}

const established = (crd: Record<string, unknown>): boolean => ((crd['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');

async function waitEstablished(t: Target, name: string, deadlineMs: number): Promise<void> {
  while (!established(await call(t, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`))) {
    if (performance.now() > deadlineMs) throw new Error(`${name} not Established in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const fmt = (r: LoadResult): string => `${r.rps.toFixed(0).padStart(6)} req/s p99 ${r.p99.toFixed(1).padStart(5)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-crd-'));
  const child = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dir, 'tls');
  const admin: Target = { url: `https://127.0.0.1:${child.port}`, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
  try {
    await call(admin, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    await call(admin, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd('widgets', 'Widget'));
    await call(admin, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd('celwidgets', 'CelWidget', true));
    await waitEstablished(admin, 'widgets.bench.example.com', performance.now() + 20_000);
    await waitEstablished(admin, 'celwidgets.bench.example.com', performance.now() + 20_000);
    const payload = { size: 'v'.repeat(64), labels: { a: 'b', c: 'd' } };
    const cmPath = `/api/v1/namespaces/${ns}/configmaps`;
    const crPath = `/apis/bench.example.com/v1/namespaces/${ns}/widgets`;
    const celPath = `/apis/bench.example.com/v1/namespaces/${ns}/celwidgets`;
    const seed = (path: string, body: (i: number) => object): Promise<LoadResult> => runLoad(admin, (i) => ({ method: 'POST', path, body: body(i) }), { concurrency: 1, durationMs: 60_000, expect: 201, maxRequests: 100 });
    await seed(cmPath, (i) => ({ metadata: { name: `obj-${i}` }, data: { size: payload.size, a: 'b', c: 'd' } }));
    await seed(crPath, (i) => ({ apiVersion: 'bench.example.com/v1', kind: 'Widget', metadata: { name: `obj-${i}` }, spec: payload }));
    await seed(celPath, (i) => ({ apiVersion: 'bench.example.com/v1', kind: 'CelWidget', metadata: { name: `obj-${i}` }, spec: payload }));
    let n = 0;
    const kinds: Record<string, Record<'GET' | 'CREATE', RequestSpec>> = {
      ConfigMap: {
        GET: (i) => ({ method: 'GET', path: `${cmPath}/obj-${i % 100}` }),
        CREATE: () => ({ method: 'POST', path: cmPath, body: { metadata: { name: `c-${n++}` }, data: { size: payload.size, a: 'b', c: 'd' } } }),
      },
      Widget: {
        GET: (i) => ({ method: 'GET', path: `${crPath}/obj-${i % 100}` }),
        CREATE: () => ({ method: 'POST', path: crPath, body: { apiVersion: 'bench.example.com/v1', kind: 'Widget', metadata: { name: `c-${n++}` }, spec: payload } }),
      },
      CelWidget: {
        GET: (i) => ({ method: 'GET', path: `${celPath}/obj-${i % 100}` }),
        CREATE: () => ({ method: 'POST', path: celPath, body: { apiVersion: 'bench.example.com/v1', kind: 'CelWidget', metadata: { name: `c-${n++}` }, spec: payload } }),
      },
    };
    process.stdout.write(`bench/crd: ${durationMs / 1000}s per cell, 10 clients, admin client certificate; Widget (CRD with a structural schema) and CelWidget (the same with 5 CEL rules) vs ConfigMap\n`);
    for (const [verb, cr] of [['GET', 'Widget'], ['CREATE', 'Widget'], ['CREATE', 'CelWidget']] as const) {
      const ratios: number[] = [];
      for (let round = 0; round < rounds * 2; round++) {
        const order = round % 2 === 0 ? ['ConfigMap', cr] : [cr, 'ConfigMap'];
        const results: Record<string, LoadResult> = {};
        for (const k of order) {
          const r = await runLoad(admin, kinds[k]![verb], { concurrency: 10, durationMs, expect: verb === 'GET' ? 200 : 201 });
          if (r.errors) throw new Error(`${verb} ${k}: ${r.errors} requests failed`);
          results[k] = r;
        }
        const ratio = results[cr]!.rps / results['ConfigMap']!.rps;
        ratios.push(ratio);
        process.stdout.write(`${verb.padEnd(6)} ${order[0]!.padEnd(9)} first  ConfigMap ${fmt(results['ConfigMap']!)} | ${cr} ${fmt(results[cr]!)} | ratio ${ratio.toFixed(2)}x\n`);
      }
      ratios.sort((x, y) => x - y);
      const median = (ratios[(ratios.length - 1) >> 1]! + ratios[ratios.length >> 1]!) / 2;
      process.stdout.write(`${verb.padEnd(6)} median ratio ${cr}/ConfigMap ${median.toFixed(2)}x over ${ratios.length} pairs\n`);
    }
    const t0 = performance.now();
    const names = Array.from({ length: crdCount }, (_, i) => `kind${i}s`);
    await Promise.all(names.map((p, i) => call(admin, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(p, `Kind${i}`))));
    const created = performance.now() - t0;
    for (const p of names) await waitEstablished(admin, `${p}.bench.example.com`, t0 + 120_000);
    const all = performance.now() - t0;
    const discovery = await call(admin, 'GET', '/apis/bench.example.com/v1');
    const listed = (discovery['resources'] as { name: string }[]).filter((r) => !r.name.includes('/')).length;
    process.stdout.write(`establish ${crdCount} CRDs: created in ${created.toFixed(0)} ms, all Established in ${all.toFixed(0)} ms (${(all / crdCount).toFixed(1)} ms per CRD); discovery lists ${listed} resources in bench.example.com/v1\n`);
  } finally {
    child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
