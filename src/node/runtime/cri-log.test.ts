import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CriLogWriter, nanoTimestamp, parseLogLine, renderLogs } from './cri-log.js';
import type { LogRotation } from './log-rotation.js';

const file = [
  '2026-12-03T10:00:00.000000001Z stdout F one',
  '2026-12-03T10:00:01.000000000Z stderr P par',
  '2026-12-03T10:00:01.500000000Z stderr F tial',
  '2026-12-03T10:00:02.000000000Z stdout F three',
  '',
].join('\n');

test('parseLogLine() reads the CRI format', () => {
  assert.deepEqual(parseLogLine('2026-12-03T10:00:00Z stdout F hello world'), { time: '2026-12-03T10:00:00Z', stream: 'stdout', partial: false, text: 'hello world' });
  assert.equal(parseLogLine('garbage'), undefined);
});

test('renderLogs() joins partial lines and applies tail, timestamps, since and limitBytes', () => {
  assert.equal(renderLogs(file, {}), 'one\npartial\nthree\n');
  assert.equal(renderLogs(file, { tailLines: 1 }), 'three\n');
  assert.equal(renderLogs(file, { tailLines: 1, timestamps: true }), '2026-12-03T10:00:02.000000000Z three\n');
  assert.equal(renderLogs(file, { sinceTime: new Date('2026-12-03T10:00:01Z') }), 'partial\nthree\n');
  assert.equal(renderLogs(file, { limitBytes: 6 }), 'one\npa');
});

/** What a rotation case writes on stdout, each text `second` seconds after the start. */
interface RotationCase {
  name: string;
  rotation: LogRotation;
  /** Files in the directory before the writer opens `0.log` (name → the texts of their records). */
  before?: Record<string, string[]>;
  writes: { second: number; text: string }[];
  /** Every file of the directory afterwards, .gz ones decompressed: name → the texts of its records. */
  want: Record<string, string[]>;
}

// A record takes 41 bytes around its text ("<30-char timestamp> stdout F <text>\n"): 50 for these lines.
const lines = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `line-${String(from + i).padStart(4, '0')}`);
const text = (from: number, to: number): string => lines(from, to).map((l) => `${l}\n`).join('');
const start = new Date(2026, 11, 3, 10, 0, 0);
const criFile = (texts: string[]): string => texts.map((t) => `${nanoTimestamp(start)} stdout F ${t}\n`).join('');
/** A record's text as the table shows it: long ones as `<char>×<length>`. */
const shown = (text: string): string => (text.length > 40 ? `${text[0]}×${text.length}` : text);

const rotationCases: RotationCase[] = [
  {
    name: 'keeps one file while the records fit in maxBytes',
    rotation: { maxBytes: 200, maxFiles: 5 },
    writes: [{ second: 0, text: text(1, 4) }],
    want: { '0.log': lines(1, 4) },
  },
  {
    name: 'renames the file to <log>.<YYYYMMDD-HHMMSS> before a record would take it past maxBytes',
    rotation: { maxBytes: 200, maxFiles: 5 },
    writes: [{ second: 0, text: text(1, 5) }],
    want: { '0.log.20261203-100000': lines(1, 4), '0.log': ['line-0005'] },
  },
  {
    name: 'rotates once a second at most: the current file grows on until the next second',
    rotation: { maxBytes: 100, maxFiles: 5 },
    writes: [{ second: 0, text: text(1, 6) }, { second: 1, text: text(7, 7) }],
    want: { '0.log.20261203-100000.gz': lines(1, 2), '0.log.20261203-100001': lines(3, 6), '0.log': ['line-0007'] },
  },
  {
    name: 'gzips every rotated file but the newest and keeps maxFiles files with the current one',
    rotation: { maxBytes: 100, maxFiles: 3 },
    // Each rotation is named by its own time: the file rotated at 10:00:03 holds what was written at 10:00:02.
    writes: [0, 1, 2, 3, 4].map((s) => ({ second: s, text: text(2 * s + 1, 2 * s + 2) })),
    want: { '0.log.20261203-100003.gz': lines(5, 6), '0.log.20261203-100004': lines(7, 8), '0.log': lines(9, 10) },
  },
  {
    name: 'keeps a line cut into partial records in one file',
    rotation: { maxBytes: 100, maxFiles: 5 },
    // 40,000 characters without a newline become two 16 KiB partial records; the newline ends the third, full one.
    writes: [{ second: 0, text: `a\n${'x'.repeat(40_000)}` }, { second: 1, text: '\nb\n' }],
    want: { '0.log.20261203-100000.gz': ['a'], '0.log.20261203-100001': ['x×16384', 'x×16384', 'x×7232'], '0.log': ['b'] },
  },
  {
    name: 'appends to an existing log, counting its size, and never overwrites a rotated file of an earlier writer',
    rotation: { maxBytes: 200, maxFiles: 5 },
    before: { '0.log': lines(1, 3), '0.log.20261203-100000': ['earlier'] },
    writes: [{ second: 0, text: text(4, 6) }, { second: 1, text: text(7, 7) }],
    want: { '0.log.20261203-100000.gz': ['earlier'], '0.log.20261203-100001': lines(1, 6), '0.log': ['line-0007'] },
  },
  {
    name: 'writes every record to one file without rotation',
    rotation: { maxBytes: 1 << 30, maxFiles: 2 },
    writes: [{ second: 0, text: text(1, 50) }],
    want: { '0.log': lines(1, 50) },
  },
];

async function runRotationCase(c: RotationCase): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-cri-log-'));
  try {
    for (const [name, texts] of Object.entries(c.before ?? {})) await writeFile(join(dir, name), criFile(texts));
    let now = start;
    const writer = new CriLogWriter({ path: join(dir, '0.log'), rotation: c.rotation, now: () => now });
    for (const w of c.writes) {
      now = new Date(start.getTime() + w.second * 1000);
      writer.write('stdout', w.text);
    }
    await writer.close();
    const files: Record<string, string[]> = {};
    for (const name of (await readdir(dir)).sort()) {
      const raw = await readFile(join(dir, name));
      const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      files[name] = text.split('\n').filter(Boolean).map((l) => { const r = parseLogLine(l); return r ? shown(r.text) : `unparsable: ${l}`; });
    }
    assert.deepEqual(files, c.want);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const c of rotationCases) test(`CriLogWriter ${c.name}`, () => runRotationCase(c));

test('CriLogWriter without rotation writes stdout and stderr records in order, the unfinished line at close', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-cri-log-'));
  try {
    const path = join(dir, '0.log');
    const writer = new CriLogWriter({ path, now: () => start });
    writer.write('stdout', 'one\ntw');
    writer.write('stderr', 'oops\n');
    writer.write('stdout', 'o\nthree');
    writer.flush('stdout');
    await writer.close();
    writer.write('stdout', 'after close\n');
    assert.equal(await readFile(path, 'utf8'), [`${nanoTimestamp(start)} stdout F one`, `${nanoTimestamp(start)} stderr F oops`, `${nanoTimestamp(start)} stdout F two`, `${nanoTimestamp(start)} stdout F three`, ''].join('\n'));
    assert.deepEqual(await readdir(dir), ['0.log']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
