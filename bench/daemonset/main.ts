// bench/daemonset: a DaemonSet on 1,000 simulated nodes, timed from its create until every pod is Ready
// (status.numberReady == desiredNumberScheduled == nodes), then a full rolling update (a new image; until
// updatedNumberScheduled == numberAvailable == desired at the new generation). Against a real `skiff server`.
// The same-run baseline is the server's rate for plain ConfigMap creates (one write each, 32 clients).
// BENCH_NODES (default 1000), BENCH_MAX_UNAVAILABLE (default 10%), BENCH_MAX_SURGE (set it to roll with surge instead).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { startChild } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodes = Number(process.env['BENCH_NODES'] ?? '1000');
const maxSurge = process.env['BENCH_MAX_SURGE'];
const maxUnavailable = maxSurge ? 0 : process.env['BENCH_MAX_UNAVAILABLE'] ?? '10%';
const intOrPercent = (v: string | number): string | number => (typeof v === 'string' && !v.endsWith('%') ? Number(v) : v);
const setsR = lookupResource('apps', 'v1', 'daemonsets')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;
const cmR = lookupResource('', 'v1', 'configmaps')!;

const daemonSet = (name: string): DaemonSet => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: intOrPercent(maxUnavailable), maxSurge: intOrPercent(maxSurge ?? 0) } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'agent:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
  },
});

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-ds-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', '--simulated-nodes', String(nodes)], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const sets = new Informer<DaemonSet>({ client, resource: setsR, clock: realClock, logger: silentLogger });
  try {
    const strategy = maxSurge ? `maxSurge ${maxSurge}` : `maxUnavailable ${maxUnavailable}`;
    process.stdout.write(`bench/daemonset: ${nodes} simulated nodes; create until all pods Ready, then a rolling update (${strategy}) until all updated and available\n`);
    for (;;) {
      const list = await client.list(nodesR, '') as { items: unknown[] };
      if (list.items.length >= nodes) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const baselineCount = 1000;
    const baselineSec = await pool(baselineCount, 32, (i) => client.create(cmR, 'default', { metadata: { name: `base-${i}` }, data: { k: 'v' } }));
    const baseline = baselineCount / baselineSec;
    sets.start();
    await sets.waitForSync();
    // Store revisions used (a probe create's resourceVersion is the store's revision): writes per pod.
    const revision = async (tag: string): Promise<number> => Number((await client.create(cmR, 'default', { metadata: { name: `probe-${tag}` } })).metadata.resourceVersion);
    const phase = async (name: string, start: () => Promise<unknown>, done: (s: DaemonSet) => boolean): Promise<void> => {
      let finish: () => void = () => {};
      const finished = new Promise<void>((r) => { finish = r; });
      let last: DaemonSet | undefined;
      let dsWrites = 0;
      let over = false;
      sets.addHandlers({ onUpdate: (s) => { if (s.metadata?.name !== 'agent' || over) return; dsWrites++; last = s; if (done(s)) finish(); } });
      const rv0 = await revision(`${name}-before`);
      const t0 = performance.now();
      await start();
      const progress = setInterval(() => {
        const st = last?.status;
        if (process.env['BENCH_PROGRESS']) process.stderr.write(`  ${name}: ready ${st?.numberReady ?? 0}, updated ${st?.updatedNumberScheduled ?? 0}, available ${st?.numberAvailable ?? 0} of ${st?.desiredNumberScheduled ?? 0} after ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
      }, 5_000);
      await finished;
      over = true;
      clearInterval(progress);
      const seconds = (performance.now() - t0) / 1000;
      const perPod = (seconds * 1000) / nodes;
      const writes = (await revision(`${name}-after`)) - rv0 - 1;
      // Ratio: how many single-write creates the server does in the time one daemon pod takes (lower is better).
      process.stdout.write(`${name.padEnd(8)} ${String(nodes).padStart(5)} pods  ${seconds.toFixed(2).padStart(6)} s  ${perPod.toFixed(1).padStart(6)} ms/pod  ` +
        `vs baseline ${baseline.toFixed(0)} creates/s: ${(perPod * baseline / 1000).toFixed(1)} create-times per pod; ${(writes / nodes).toFixed(1)} writes per pod (${dsWrites} of the DaemonSet)\n`);
    };
    const all = (s: DaemonSet): boolean => (s.status?.desiredNumberScheduled ?? 0) === nodes && (s.status?.observedGeneration ?? 0) >= (s.metadata?.generation ?? 1);
    await phase('create', () => client.create(setsR, 'default', daemonSet('agent')), (s) => all(s) && s.status?.numberReady === nodes);
    await phase('rollout', () => client.patch(setsR, 'default', 'agent', { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } }, 'strategic'),
      (s) => all(s) && (s.metadata?.generation ?? 0) >= 2 && s.status?.updatedNumberScheduled === nodes && s.status?.numberAvailable === nodes);
  } finally {
    await sets[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
