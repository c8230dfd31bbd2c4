// bench/store: durable creates per second through the Store (SqliteStore) vs raw better-sqlite3
// inserts with the same durability settings, in the same process and run; prints the ratio.
// The etcd column (when `etcd` is installed): EtcdStore.create against raw puts with the same gRPC
// client, on one etcd member started here (BENCH_ETCD_N creates, default 5000).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdStore, SqliteStore } from '../../src/storage/index.js';
import { EtcdClient } from '../../src/storage/etcd/etcd-client.js';
import { etcdMissing, startEtcd } from '../../src/storage/etcd/etcd-test-member.js';

const n = Number(process.env['BENCH_N'] ?? '20000');
const value = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default', uid: '00000000-0000-0000-0000-000000000000' }, data: { k: 'v'.repeat(512) } }));

function raw(dir: string): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB, rev INTEGER)');
  const ins = db.prepare('INSERT INTO kv (key, value, rev) VALUES (?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) ins.run(`/registry/core/configmaps/default/raw-${i}`, value, i + 1);
  const s = (performance.now() - t0) / 1000;
  db.close();
  return n / s;
}

async function store(dir: string, concurrency: number): Promise<number> {
  const st = new SqliteStore({ path: join(dir, `store-${concurrency}.db`) });
  const t0 = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < n) {
      const k = i++;
      await st.create(`/registry/core/configmaps/default/obj-${k}`, value);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  await st.close();
  return n / s;
}

const etcdN = Number(process.env['BENCH_ETCD_N'] ?? '5000');

async function concurrently(concurrency: number, total: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < total) await op(i++);
  }));
  return total / ((performance.now() - t0) / 1000);
}

async function etcdColumn(): Promise<void> {
  const missing = etcdMissing();
  if (missing) { process.stdout.write(`etcd column skipped: ${missing}\n`); return; }
  const etcd = await startEtcd(1);
  const client = new EtcdClient({ endpoints: etcd.endpoints });
  try {
    const rawPut = (tag: string) => (i: number) => client.call('txn', { success: [{ request_put: { key: Buffer.from(`/raw/${tag}/${i}`), value } }] });
    const r1 = await concurrently(1, etcdN, rawPut('s'));
    const r100 = await concurrently(100, etcdN, rawPut('c'));
    const st = new EtcdStore({ endpoints: etcd.endpoints });
    const s1 = await concurrently(1, etcdN, (i) => st.create(`/registry/core/configmaps/default/s-${i}`, value));
    const s100 = await concurrently(100, etcdN, (i) => st.create(`/registry/core/configmaps/default/c-${i}`, value));
    await st.close();
    process.stdout.write(`etcd (one member, ${etcdN} creates each)\n`);
    process.stdout.write(`raw etcd put (serial)          ${r1.toFixed(0).padStart(8)} /s\n`);
    process.stdout.write(`EtcdStore.create (serial)      ${s1.toFixed(0).padStart(8)} /s  ratio ${(s1 / r1).toFixed(2)}x\n`);
    process.stdout.write(`raw etcd put (100 conc.)       ${r100.toFixed(0).padStart(8)} /s\n`);
    process.stdout.write(`EtcdStore.create (100 conc.)   ${s100.toFixed(0).padStart(8)} /s  ratio ${(s100 / r100).toFixed(2)}x\n`);
  } finally {
    client.close();
    await etcd.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-store-'));
  try {
    const r = raw(dir);
    const s1 = await store(dir, 1);
    const s100 = await store(dir, 100);
    process.stdout.write(`bench/store: ${n} creates of ${value.length}-byte values, WAL + synchronous=NORMAL\n`);
    process.stdout.write(`raw better-sqlite3 insert      ${r.toFixed(0).padStart(8)} /s\n`);
    process.stdout.write(`SqliteStore.create (serial)    ${s1.toFixed(0).padStart(8)} /s  ratio ${(s1 / r).toFixed(2)}x\n`);
    process.stdout.write(`SqliteStore.create (100 conc.) ${s100.toFixed(0).padStart(8)} /s  ratio ${(s100 / r).toFixed(2)}x\n`);
    await etcdColumn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
