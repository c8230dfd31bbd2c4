// bench/openapi-v2: what /openapi/v2 costs. In this process, cold: building the document (paths and
// definitions, JSON text, ETag), its protobuf and gzip forms, and a rebuild. Against a started `skiff server`:
// the first protobuf GET (which builds), then cached GETs (protobuf, gzip, JSON) and 304 revalidations,
// with /version on the same server as the baseline of the ratio.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { OpenApiV2Cache, registryCatalog } from '../../src/apiserver/openapi/index.js';
import { openApiResources } from '../../src/apiserver/handlers/openapi.js';
import { runLoad, type LoadResult, type Target } from '../lib/load.js';
import { startChild } from '../lib/child.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const durationMs = Number(process.env['BENCH_SECONDS'] ?? '3') * 1000;
const protobuf = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const ms = (n: number): string => `${n.toFixed(1).padStart(7)} ms`;
const fmt = (r: LoadResult): string => `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms${r.errors ? `  errors ${r.errors}` : ''}`;

function inProcess(): void {
  const cache = new OpenApiV2Cache({ now: () => new Date() });
  const local = openApiResources();
  const served = cache.get({ local, catalog: registryCatalog, remotes: [] });
  served.body('protobuf', false);
  let t = performance.now();
  const gz = served.body('protobuf', true);
  const gzipMs = performance.now() - t;
  const lookups = 1000;
  let again = served;
  t = performance.now();
  for (let i = 0; i < lookups; i++) again = cache.get({ local: [...local], catalog: registryCatalog, remotes: [] });
  const cachedUs = ((performance.now() - t) * 1000) / lookups;
  // A rebuild, as when a provider or an extension server's document changes (one resource fewer: nothing memoized).
  const rebuilt = cache.get({ local: local.slice(1), catalog: registryCatalog, remotes: [] });
  t = performance.now();
  rebuilt.body('protobuf', false);
  const warmProtobufMs = performance.now() - t;
  const json = served.body('json', false);
  process.stdout.write([
    `in process (${local.length} resources): JSON ${(json.length / 1024).toFixed(0)} KiB, protobuf ${(served.body('protobuf', false).length / 1024).toFixed(0)} KiB, protobuf+gzip ${(gz.length / 1024).toFixed(0)} KiB`,
    `  first build (document, JSON, ETag) ${ms(served.buildMs)}   protobuf encode ${ms(served.protobufMs ?? 0)}   gzip ${ms(gzipMs)}`,
    `  rebuild (warm, inputs changed)     ${ms(rebuilt.buildMs)}   protobuf encode ${ms(warmProtobufMs)}`,
    `  cached lookup (inputs unchanged)   ${(cachedUs).toFixed(1).padStart(7)} µs per request (mean of ${lookups})${again === served ? '' : '  (REBUILT: cache miss)'}`,
    `  gzip of JSON for reference         ${ms((() => { const t0 = performance.now(); gzipSync(json); return performance.now() - t0; })())}`,
    '',
  ].join('\n'));
}

function timedGet(t: Target, path: string, accept: string): Promise<{ ms: number; code: number; bytes: number; etag: string }> {
  const u = new URL(t.url);
  const t0 = performance.now();
  return new Promise((resolveGet, reject) => {
    request({ host: u.hostname, port: u.port, path, ca: t.ca, cert: t.cert, key: t.key, headers: { accept } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolveGet({ ms: performance.now() - t0, code: res.statusCode ?? 0, bytes, etag: String(res.headers['etag'] ?? '') }));
    }).on('error', reject).end();
  });
}

async function main(): Promise<void> {
  inProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-openapi-'));
  const skiff = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--disable-agent', '--log-level', 'error'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  try {
    const tls = join(dataDir, 'tls');
    const target: Target = { url: `https://127.0.0.1:${skiff.port}`, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) };
    await timedGet(target, '/version', 'application/json');
    const first = await timedGet(target, '/openapi/v2', protobuf);
    const second = await timedGet(target, '/openapi/v2', protobuf);
    process.stdout.write(`skiff server: first GET /openapi/v2 (protobuf, builds) ${ms(first.ms)} (${first.code}, ${first.bytes} bytes); second ${ms(second.ms)}\n`);
    const workloads: [string, () => { method: string; path: string; headers: Record<string, string> }][] = [
      ['GET /version (baseline)         ', () => ({ method: 'GET', path: '/version', headers: {} })],
      ['GET /openapi/v2 protobuf        ', () => ({ method: 'GET', path: '/openapi/v2', headers: { accept: protobuf } })],
      ['GET /openapi/v2 protobuf, gzip  ', () => ({ method: 'GET', path: '/openapi/v2', headers: { accept: protobuf, 'accept-encoding': 'gzip' } })],
      ['GET /openapi/v2 JSON            ', () => ({ method: 'GET', path: '/openapi/v2', headers: { accept: 'application/json' } })],
      ['GET /openapi/v2 If-None-Match   ', () => ({ method: 'GET', path: '/openapi/v2', headers: { accept: protobuf, 'if-none-match': first.etag } })],
    ];
    for (const concurrency of [1, 10]) {
      const rps: number[] = [];
      for (const [name, spec] of workloads) {
        const r = await runLoad(target, spec, { concurrency, durationMs, expect: name.includes('If-None-Match') ? 304 : 200 });
        rps.push(r.rps);
        process.stdout.write(`c=${String(concurrency).padEnd(3)} ${name} ${fmt(r)}  ratio to /version ${(r.rps / rps[0]!).toFixed(2)}\n`);
      }
    }
  } finally {
    skiff.stop();
    await skiff.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
