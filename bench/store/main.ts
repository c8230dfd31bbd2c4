// bench/store: durable creates per second through the Store (SqliteStore) vs raw better-sqlite3
// inserts with the same durability settings, in the same process and run; prints the ratio.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/storage/index.js';

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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
