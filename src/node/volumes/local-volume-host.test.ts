import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalVolumeHost } from './local-volume-host.js';

test('LocalVolumeHost creates world-writable directories, empties and removes them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-host-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const host = new LocalVolumeHost({ storageDir: join(dir, 'storage') });
  const vol = join(host.storageDir, 'pvc-1_default_data');
  await host.createDirectory(vol);
  await host.createDirectory(vol);
  assert.equal(statSync(vol).mode & 0o777, 0o777);
  writeFileSync(join(vol, 'a'), 'x');
  writeFileSync(join(vol, '.hidden'), 'x');
  mkdirSync(join(vol, 'sub'));
  writeFileSync(join(vol, 'sub', 'b'), 'y');
  await host.emptyDirectory(vol);
  assert.deepEqual(readdirSync(vol), []);
  await host.removeDirectory(vol);
  assert.equal(existsSync(vol), false);
  await host.removeDirectory(vol);
  await host.emptyDirectory(vol);
});

test('LocalVolumeHost refuses the root and relative paths', async () => {
  const host = new LocalVolumeHost({ storageDir: '/tmp/skiff-storage' });
  await assert.rejects(host.removeDirectory('/'), /Cannot use volume path "\/"/);
  await assert.rejects(host.emptyDirectory('data'), /must be an absolute path/);
  assert.throws(() => new LocalVolumeHost({ storageDir: '//' }), RangeError);
});

test('LocalVolumeHost.copyDirectory() copies a tree with modes and links into a new directory and reports its bytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-host-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const host = new LocalVolumeHost({ storageDir: join(dir, 'storage') });
  const vol = join(host.storageDir, 'pvc-1_default_data');
  await host.createDirectory(vol);
  writeFileSync(join(vol, 'a'), 'hello');
  mkdirSync(join(vol, 'sub'));
  writeFileSync(join(vol, 'sub', 'b'), Buffer.from([0, 1, 2, 255]), { mode: 0o640 });
  symlinkSync('sub/b', join(vol, 'link'));
  const target = join(host.storageDir, 'snapshots', 'snapcontent-1');
  const { sizeBytes } = await host.copyDirectory(vol, target);
  assert.equal(readFileSync(join(target, 'a'), 'utf8'), 'hello');
  assert.deepEqual([...readFileSync(join(target, 'sub', 'b'))], [0, 1, 2, 255]);
  assert.equal(statSync(join(target, 'sub', 'b')).mode & 0o777, 0o640);
  assert.equal(readlinkSync(join(target, 'link')), 'sub/b');
  assert.equal(statSync(target).mode & 0o777, 0o777);
  assert.ok(sizeBytes >= 9, `sizeBytes ${sizeBytes}`);
  assert.equal(existsSync(`${target}.partial`), false);
  await assert.rejects(host.copyDirectory(vol, target), /Cannot copy .*: the target exists/);
  await assert.rejects(host.copyDirectory(join(dir, 'absent'), join(dir, 'x')), /Cannot copy/);
  assert.equal(existsSync(join(dir, 'x')), false);
});
