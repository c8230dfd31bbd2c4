// Layers applied in order: whiteouts, opaque directories, hard links, and symlinks that must not lead
// out of the root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack, type Header as Headers } from 'tar-stream';
import { applyLayer, resolveInRoot } from './unpack.js';

type Entry = Partial<Headers> & { name: string; body?: string };

async function tar(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const { body, ...header } of entries) p.entry(header, body ?? '');
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const withDir = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-unpack-'));
  try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
};

test('applyLayer() stacks layers: whiteouts delete, opaque directories drop lower entries only', async () => {
  await withDir(async (root) => {
    await applyLayer(root, Readable.from(gzipSync(await tar([
      { name: 'etc/', type: 'directory', mode: 0o755 },
      { name: 'etc/a', body: 'a', mode: 0o644 },
      { name: 'etc/b', body: 'b', mode: 0o600 },
      { name: 'd/x', body: 'x' },
      { name: 'bin/tool', body: '#!/bin/sh', mode: 0o755 },
      { name: 'bin/alias', type: 'link', linkname: 'bin/tool' },
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    ]))));
    assert.equal(readFileSync(join(root, 'etc/a'), 'utf8'), 'a');
    assert.equal(statSync(join(root, 'etc/b')).mode & 0o777, 0o600);
    assert.equal(statSync(join(root, 'bin/alias')).ino, statSync(join(root, 'bin/tool')).ino);
    assert.equal(readlinkSync(join(root, 'lib')), 'usr/lib');
    await applyLayer(root, Readable.from(await tar([
      { name: 'etc/.wh.a' },
      { name: 'd/y', body: 'y' },
      { name: 'd/.wh..wh..opq' },
      { name: 'lib/libc.so', body: 'libc' },
    ])));
    assert.equal(existsSync(join(root, 'etc/a')), false);
    assert.equal(readFileSync(join(root, 'etc/b'), 'utf8'), 'b');
    assert.deepEqual(readdirSync(join(root, 'd')), ['y']);
    // Written through the symlink lib -> usr/lib, as the image's own tools would see it.
    assert.equal(readFileSync(join(root, 'usr/lib/libc.so'), 'utf8'), 'libc');
  });
});

test('applyLayer() keeps every path inside the root, whatever the symlinks and dot-dots say', async () => {
  await withDir(async (dir) => {
    const root = join(dir, 'root');
    await applyLayer(root, Readable.from(await tar([
      { name: 'escape', type: 'symlink', linkname: '/' },
      { name: 'up', type: 'symlink', linkname: '../../..' },
    ])));
    await applyLayer(root, Readable.from(await tar([
      { name: 'escape/etc/passwd', body: 'root-relative' },
      { name: 'up/outside', body: 'kept in' },
      { name: '../../dotdot', body: 'kept in too' },
    ])));
    assert.equal(readFileSync(join(root, 'etc/passwd'), 'utf8'), 'root-relative');
    assert.equal(readFileSync(join(root, 'outside'), 'utf8'), 'kept in');
    assert.equal(readFileSync(join(root, 'dotdot'), 'utf8'), 'kept in too');
    assert.deepEqual(readdirSync(dir), ['root']);
    assert.ok(lstatSync(join(root, 'escape')).isSymbolicLink());
    assert.equal(await resolveInRoot(root, 'escape/escape/x'), join(root, 'x'));
  });
});

test('applyLayer() refuses zstd layers with a clear error', async () => {
  await withDir(async (root) => {
    await assert.rejects(applyLayer(root, Readable.from(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])) ), /zstd-compressed layers are not supported/);
  });
});
