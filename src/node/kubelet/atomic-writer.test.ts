import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidPathError, writeAtomic } from './atomic-writer.js';

const file = (path: string, text: string, mode = 0o644) => ({ path, content: Buffer.from(text), mode });

test('writeAtomic() lays files out behind ..data, swaps them on change and skips an unchanged write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-atomic-'));
  try {
    assert.equal(await writeAtomic(dir, [file('a', '1'), file('conf/b.ini', 'x=1', 0o600)]), true);
    assert.equal(readFileSync(join(dir, 'a'), 'utf8'), '1');
    assert.equal(readFileSync(join(dir, 'conf', 'b.ini'), 'utf8'), 'x=1');
    assert.equal(readlinkSync(join(dir, 'a')), '..data/a');
    assert.equal(statSync(join(dir, 'conf', 'b.ini')).mode & 0o777, 0o600);
    const first = readlinkSync(join(dir, '..data'));
    assert.equal(await writeAtomic(dir, [file('a', '1'), file('conf/b.ini', 'x=1', 0o600)]), false);
    assert.equal(readlinkSync(join(dir, '..data')), first);
    assert.equal(await writeAtomic(dir, [file('a', '2'), file('c', 'new')]), true);
    assert.equal(readFileSync(join(dir, 'a'), 'utf8'), '2');
    assert.notEqual(readlinkSync(join(dir, '..data')), first);
    assert.deepEqual(readdirSync(dir).filter((n) => !n.startsWith('..')).sort(), ['a', 'c']);
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('..') && n !== '..data').length, 1, 'the old data directory is gone');
    await assert.rejects(writeAtomic(dir, [file('../escape', 'x')]), InvalidPathError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
