// bench/jobs: 1,000 single-pod Jobs (pods run 1 s on simulated nodes) created by 32 clients against a real
// `skiff server` with 100 simulated nodes, timed from the first create until every Job is Complete; store
// writes per Job. The same-run baseline is the server's rate for plain ConfigMap creates (one write each).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { lookupResource } from '../../src/api/index.js';
import { Client, HttpsTransport, Informer } from '../../src/client/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { processUsage, startChild } from '../lib/child.js';
import { pool } from '../lib/pool.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const nodes = Number(process.env['BENCH_NODES'] ?? '100');
const jobCount = Number(process.env['BENCH_JOBS'] ?? '1000');
const runTime = process.env['BENCH_RUN_TIME'] ?? '1s';
const jobsR = lookupResource('batch', 'v1', 'jobs')!;
const cmR = lookupResource('', 'v1', 'configmaps')!;

const job = (name: string): Job => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
  spec: {
    template: {
      metadata: { annotations: { 'skiff.io/simulate-run-time': runTime } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    },
  },
});

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-jobs-'));
  const server = await startChild([...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROF']] : []), join(repo, 'dist/src/cmd/skiff.js'), 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--log-level', 'error', '--disable-agent', '--simulated-nodes', String(nodes)], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  const tls = join(dataDir, 'tls');
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${server.port}`, ca: readFileSync(join(tls, 'ca.crt'), 'utf8'), cert: readFileSync(join(tls, 'admin.crt'), 'utf8'), key: readFileSync(join(tls, 'admin.key'), 'utf8') });
  const client = new Client({ transport, fieldManager: 'bench' });
  const jobs = new Informer<Job>({ client, resource: jobsR, clock: realClock, logger: silentLogger });
  try {
    process.stdout.write(`bench/jobs: ${jobCount} single-pod Jobs (pods run ${runTime}) on ${nodes} simulated nodes, 32 clients; time from the first create until all are Complete\n`);
    const baselineCount = 1000;
    const baselineSec = await pool(baselineCount, 32, (i) => client.create(cmR, 'default', { metadata: { name: `base-${i}` }, data: { k: 'v' } }));
    const baseline = baselineCount / baselineSec;
    jobs.start();
    await jobs.waitForSync();
    const complete = new Set<string>();
    let finish: () => void = () => {};
    const done = new Promise<void>((r) => { finish = r; });
    const onJob = (j: Job): void => {
      if ((j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')) complete.add(j.metadata!.name!);
      if (complete.size >= jobCount) finish();
    };
    jobs.addHandlers({ onAdd: onJob, onUpdate: onJob });
    const revision = async (tag: string): Promise<number> => Number((await client.create(cmR, 'default', { metadata: { name: `probe-${tag}` } })).metadata.resourceVersion);
    const rv0 = await revision('before');
    const start = performance.now();
    const createSec = await pool(jobCount, 32, (i) => client.create(jobsR, 'default', job(`job-${i}`)));
    const progress = setInterval(() => { if (process.env['BENCH_PROGRESS']) process.stderr.write(`  ${complete.size} complete after ${((performance.now() - start) / 1000).toFixed(0)} s\n`); }, 5_000);
    await done;
    clearInterval(progress);
    const seconds = (performance.now() - start) / 1000;
    const writes = (await revision('after')) - rv0 - 1;
    const perJobMs = (seconds * 1000) / jobCount;
    process.stdout.write(`created in ${createSec.toFixed(2)} s; all ${jobCount} Complete after ${seconds.toFixed(2)} s (${(jobCount / seconds).toFixed(0)} jobs/s, ${perJobMs.toFixed(1)} ms/job)\n`);
    process.stdout.write(`writes per Job: ${(writes / jobCount).toFixed(1)} (job, pod and status writes by the controllers, the scheduler and the simulated kubelets; events included)\n`);
    process.stdout.write(`baseline: ${baseline.toFixed(0)} ConfigMap creates/s → one Job takes ${(perJobMs * baseline / 1000).toFixed(1)} create-times, ${(writes / jobCount * 1000 / baseline).toFixed(1)} ms of pure write time\n`);
    if (process.env['BENCH_USAGE']) {
      const u = await processUsage(server.pid, 10_000);
      process.stdout.write(`server afterwards: ${u.rssMiB.toFixed(0)} MiB resident, ${u.cpuPercent.toFixed(1)}% of a core over 10 s\n`);
    }
  } finally {
    await jobs[Symbol.asyncDispose]();
    transport.close();
    server.stop();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
