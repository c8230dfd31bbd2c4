import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CriLogWriter } from '../runtime/cri-log.js';
import { readLog } from './streams.js';

const lines = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line-${from + i}\n`).join('');

test('readLog() with follow reads on across rotations: the rest of the renamed file, then the new file from its start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-follow-'));
  const abort = new AbortController();
  try {
    const path = join(dir, '0.log');
    const start = new Date(2026, 11, 3, 10, 0, 0);
    let now = start;
    const at = (second: number): void => { now = new Date(start.getTime() + second * 1000); };
    // Records of these lines take 47 bytes: 4 fit in 200.
    const writer = new CriLogWriter({ path, rotation: { maxBytes: 200, maxFiles: 2 }, now: () => now });
    let running = true;
    writer.write('stdout', lines(1, 2));
    await writer.written();
    const log = readLog(path, { follow: true }, () => running, abort.signal);
    assert.deepEqual(await log.next(), { done: false, value: lines(1, 2) });

    // While the follower is between reads (holding the file open), the file gets two more lines and is renamed.
    writer.write('stdout', lines(3, 4));
    at(1);
    writer.write('stdout', lines(5, 5));
    await writer.written();
    assert.ok(existsSync(`${path}.20261203-100001`));
    assert.deepEqual(await log.next(), { done: false, value: lines(3, 4) }, 'the renamed file is read to its end');
    assert.deepEqual(await log.next(), { done: false, value: lines(5, 5) }, 'then the new one');

    // The next rotation removes the first rotated file (maxFiles 2) while the follower still reads the second.
    at(2);
    writer.write('stdout', lines(6, 9));
    await writer.close();
    assert.deepEqual((await readdir(dir)).sort(), ['0.log', '0.log.20261203-100002']);
    running = false;
    let rest = '';
    for await (const chunk of log) rest += chunk;
    assert.equal(rest, lines(6, 9), 'nothing lost or repeated, and the follow ends with the container');
  } finally {
    abort.abort();
    await rm(dir, { recursive: true, force: true });
  }
});

test('readLog() without follow reads only the current file, as upstream', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-follow-'));
  try {
    const path = join(dir, '0.log');
    const at = new Date(2026, 11, 3, 10, 0, 0);
    const writer = new CriLogWriter({ path, rotation: { maxBytes: 100, maxFiles: 5 }, now: () => at });
    writer.write('stdout', lines(1, 3));
    await writer.close();
    const chunks: string[] = [];
    for await (const chunk of readLog(path, { follow: false, tailLines: 10 }, () => false, new AbortController().signal)) chunks.push(chunk);
    assert.deepEqual(chunks, [lines(3, 3)]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('readLog() with follow waits for a log that is not there yet', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-follow-'));
  const abort = new AbortController();
  try {
    const path = join(dir, '0.log');
    let running = true;
    const log = readLog(path, { follow: true }, () => running, abort.signal);
    assert.deepEqual(await log.next(), { done: false, value: '' });
    const next = log.next();
    const writer = new CriLogWriter({ path, now: () => new Date(2026, 11, 3) });
    writer.write('stdout', lines(1, 1));
    await writer.close();
    assert.deepEqual(await next, { done: false, value: lines(1, 1) });
    running = false;
    assert.deepEqual(await log.next(), { done: true, value: undefined });
  } finally {
    abort.abort();
    await rm(dir, { recursive: true, force: true });
  }
});
