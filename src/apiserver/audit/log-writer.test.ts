import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger, FakeClock, type Logger } from '../../util/index.js';
import { AuditLogWriter } from './log-writer.js';

const quiet: Logger = createLogger({ level: 'error', write: () => undefined });
const line = (i: number, pad = 0): string => `${JSON.stringify({ n: i, pad: 'x'.repeat(pad) })}\n`;

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-audit-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

test('AuditLogWriter writes every event in order, asynchronously, to a 0600 file', withDir(async (dir) => {
  const path = join(dir, 'audit.log');
  const w = new AuditLogWriter({ path, maxSizeMb: 0, maxBackups: 0, maxAgeDays: 0, bufferSize: 10_000, clock: new FakeClock(), logger: quiet });
  for (let i = 0; i < 2_000; i++) w.write(line(i));
  assert.equal(w.written, 0, 'nothing written on the caller\'s path');
  await w.flush();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
  assert.deepEqual(lines, Array.from({ length: 2_000 }, (_, i) => i));
  assert.deepEqual([w.written, w.dropped], [2_000, 0]);
  await w[Symbol.asyncDispose]();
}));

test('AuditLogWriter drops and counts events beyond its buffer instead of waiting', withDir(async (dir) => {
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', write: (l) => { warnings.push(l); } });
  const w = new AuditLogWriter({ path: join(dir, 'audit.log'), maxSizeMb: 0, maxBackups: 0, maxAgeDays: 0, bufferSize: 10, clock: new FakeClock(), logger });
  for (let i = 0; i < 25; i++) w.write(line(i));
  await w.flush();
  assert.deepEqual([w.written, w.dropped], [10, 15]);
  assert.deepEqual(readFileSync(join(dir, 'audit.log'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n), Array.from({ length: 10 }, (_, i) => i));
  assert.equal(warnings.filter((l) => l.includes('audit log queue full')).length, 4, 'warned at 1, 2, 4 and 8 dropped');
  await w[Symbol.asyncDispose]();
}));

test('AuditLogWriter rotates at --audit-log-maxsize and keeps --audit-log-maxbackup files', withDir(async (dir) => {
  const path = join(dir, 'audit.log');
  const clock = new FakeClock(Date.UTC(2025, 0, 1));
  const w = new AuditLogWriter({ path, maxSizeMb: 1, maxBackups: 2, maxAgeDays: 0, bufferSize: 100_000, clock, logger: quiet });
  // 100 KiB lines: 10 fit in 1 MiB; 45 lines make 5 files, of which 2 rotated ones are kept with the current one.
  for (let i = 0; i < 45; i++) {
    w.write(line(i, 100 * 1024 - 20));
    await w.flush();
    clock.advance(1000);
  }
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 3, files.join(' '));
  assert.ok(files.includes('audit.log'));
  for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 1024 * 1024, `${f} within the size`);
  const all = files.filter((f) => f !== 'audit.log').map((f) => readFileSync(join(dir, f), 'utf8')).join('') + readFileSync(path, 'utf8');
  const kept = all.trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
  assert.deepEqual(kept, Array.from({ length: 25 }, (_, i) => 20 + i), 'the newest events, in order, across the rotated files');
  assert.match(files[0]!, /^audit-2025-01-01T00-00-\d\d\.000\.log$/);
  await w[Symbol.asyncDispose]();
}));

test('AuditLogWriter writes "-" to standard output', async () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const w = new AuditLogWriter({ path: '-', maxSizeMb: 0, maxBackups: 0, maxAgeDays: 0, bufferSize: 10, clock: new FakeClock(), logger: quiet, stdout: out });
  w.write(line(1));
  w.write(line(2));
  await w[Symbol.asyncDispose]();
  assert.equal(text, line(1) + line(2));
});

test('AuditLogWriter refuses negative limits', () => {
  assert.throws(() => new AuditLogWriter({ path: 'x', maxSizeMb: -1, maxBackups: 0, maxAgeDays: 0, bufferSize: 1, clock: new FakeClock(), logger: quiet }), /"maxSizeMb" must be a non-negative integer, not -1/);
});
