// Crash durability of SqliteStore: a child process writing through the compiled store is killed with
// SIGKILL mid-stream; every write it acknowledged must be in the reopened, intact database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';

// This test runs from dist/, so the compiled store sits beside it.
const storeUrl = new URL('./sqlite-store.js', import.meta.url).href;

// Four concurrent writers (so group commits batch several creates); each key is printed only after
// its create() resolved, i.e. after COMMIT. Writes to a pipe are synchronous in Node on Linux.
const childScript = `
import { SqliteStore } from ${JSON.stringify(storeUrl)};
const [path, prefix] = process.argv.slice(2);
const st = new SqliteStore({ path });
let i = 0;
async function writer() {
  for (;;) {
    const key = prefix + String(i++).padStart(8, '0');
    await st.create(key, Buffer.from(key));
    process.stdout.write(key + '\\n');
  }
}
await Promise.all([writer(), writer(), writer(), writer()]);
`;

/** Runs the writer child until it has acknowledged `atLeast` keys, SIGKILLs it, returns the acknowledged keys. */
async function writeUntilKilled(script: string, path: string, prefix: string, atLeast: number): Promise<string[]> {
  const child = spawn(process.execPath, [script, path, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    acked.push(...lines);
    if (acked.length >= atLeast && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [exitCode, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL', `writer exited by itself (code ${exitCode}): ${stderr}`);
  return acked;
}

test('SqliteStore keeps every acknowledged create across SIGKILL of the writing process', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-durability-'));
  try {
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, childScript);
    const path = join(dir, 'state.db');
    let ackedTotal = 0;
    for (const round of ['r1/', 'r2/']) {
      const acked = await writeUntilKilled(script, path, round, 3000);
      assert.ok(acked.length >= 3000);
      ackedTotal += acked.length;

      const raw = new Database(path);
      try {
        assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        raw.close();
      }

      const st = new SqliteStore({ path });
      try {
        const present = new Set((await st.list(round)).kvs.map((kv) => kv.key));
        const missing = acked.filter((k) => !present.has(k));
        assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged keys lost`);
        const rev = await st.currentRevision();
        assert.ok(rev >= ackedTotal, `revision ${rev} below ${ackedTotal} acknowledged creates`);
        assert.equal(await st.count(''), rev, 'one key per revision: no write is half-applied');
        const first = await st.get(`${round}00000000`);
        assert.equal(first?.value.toString(), `${round}00000000`);
      } finally {
        await st.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
