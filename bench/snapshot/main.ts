// bench/snapshot: snapshot and restore of a local-path volume holding N MiB in M files, against a real `skiff
// server` with its embedded node. Snapshot time: VolumeSnapshot create → readyToUse; restore time: claim with that
// dataSource create → Bound (provisioned, data copied). The same-run baseline is `cp -a` of the same directory on
// the same filesystem; ratios are against it (1.0x: as fast as a plain copy; the API round trips are the rest).
// An empty claim's create → Bound is printed too: the provisioning and binding a restore pays besides its copy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupResource, type KubeObject } from '../../src/api/index.js';
import { Client, HttpsTransport } from '../../src/client/index.js';
import { startChild, killNode } from '../lib/child.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const mib = Number(process.env['BENCH_MIB'] ?? '256');
const files = Number(process.env['BENCH_FILES'] ?? '1000');
const rounds = Number(process.env['BENCH_ROUNDS'] ?? '3');
const node = 'bench-snapshot-node';
const pvcR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const pvR = lookupResource('', 'v1', 'persistentvolumes')!;
const vsR = lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshots')!;

const claim = (name: string, dataSource?: object): KubeObject => ({
  metadata: { name, annotations: { 'volume.kubernetes.io/selected-node': node } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${mib * 2}Mi` } }, ...(dataSource ? { dataSource } : {}) },
});

async function until<T>(f: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** M files of random bytes totalling N MiB, spread over directories of 100. */
function fill(dir: string): void {
  const size = Math.floor((mib * 1024 * 1024) / files);
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}`), randomBytes(size));
  }
  execFileSync('sync');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-snap-'));
  const server = await startChild([join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--node-name', node, '--cluster-cidr', '10.233.0.0/16'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const client = new Client({ transport: new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') }), fieldManager: 'bench' });
  try {
    process.stdout.write(`bench/snapshot: a local-path volume of ${mib} MiB in ${files} files on ${dataDir}; median of ${rounds} rounds\n`);
    await client.create(pvcR, 'default', claim('src'));
    const volumeName = await until(async () => (await client.get<{ spec?: { volumeName?: string } }>(pvcR, 'default', 'src')).spec?.volumeName || undefined);
    const pv = await client.get<{ spec: { hostPath: { path: string } } }>(pvR, '', volumeName);
    fill(pv.spec.hostPath.path);
    const cp: number[] = [];
    const snap: number[] = [];
    const restore: number[] = [];
    const empty: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const copy = join(dataDir, 'storage', `cp-baseline-${r}`);
      let t = performance.now();
      execFileSync('cp', ['-a', pv.spec.hostPath.path, copy]);
      cp.push(performance.now() - t);
      rmSync(copy, { recursive: true, force: true });

      t = performance.now();
      await client.create(vsR, 'default', { metadata: { name: `s${r}` }, spec: { source: { persistentVolumeClaimName: 'src' } } });
      await until(async () => ((await client.get<{ status?: { readyToUse?: boolean } }>(vsR, 'default', `s${r}`)).status?.readyToUse ? true : undefined));
      snap.push(performance.now() - t);

      t = performance.now();
      await client.create(pvcR, 'default', claim(`r${r}`, { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: `s${r}` }));
      await until(async () => ((await client.get<{ status?: { phase?: string } }>(pvcR, 'default', `r${r}`)).status?.phase === 'Bound' ? true : undefined));
      restore.push(performance.now() - t);

      // The provisioning path alone: an empty claim, create → Bound.
      t = performance.now();
      await client.create(pvcR, 'default', claim(`e${r}`));
      await until(async () => ((await client.get<{ status?: { phase?: string } }>(pvcR, 'default', `e${r}`)).status?.phase === 'Bound' ? true : undefined));
      empty.push(performance.now() - t);
    }
    const base = median(cp);
    const line = (what: string, xs: number[]): string => `  ${what.padEnd(34)} ${median(xs).toFixed(0).padStart(6)} ms  ${(median(xs) / base).toFixed(2)}x cp -a\n`;
    process.stdout.write(line('cp -a (baseline)', cp) + line('snapshot (create → readyToUse)', snap) + line('restore (claim create → Bound)', restore) + line('empty claim (create → Bound)', empty));
  } finally {
    server.stop();
    await killNode(repo, server, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
