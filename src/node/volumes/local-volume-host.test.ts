import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalVolumeHost } from './local-volume-host.js';
import { VolumeImages, volumeUsage } from './volume-images.js';

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

const imageSkip = process.getuid?.() !== 0 ? 'needs root (loop mounts)' : !existsSync('/dev/loop-control') ? 'no loop devices' : false;

test('LocalVolumeHost with images: a volume is a filesystem of its request, full at its size (ENOSPC), grown while mounted, mounted again after an unmount, removed with its image', { skip: imageSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-host-img-'));
  const images = new VolumeImages();
  t.after(async () => {
    await images.unmountAll(join(dir, 'storage'));
    rmSync(dir, { recursive: true, force: true });
  });
  const host = new LocalVolumeHost({ storageDir: join(dir, 'storage'), images });
  const vol = join(host.storageDir, 'pvc-1_default_data');
  const MiB = 1024 * 1024;
  await host.createDirectory(vol, { capacityBytes: 8 * MiB });
  await host.createDirectory(vol, { capacityBytes: 8 * MiB });
  assert.equal(statSync(vol).mode & 0o777, 0o777);
  assert.deepEqual(readdirSync(vol), [], 'no lost+found');
  const before = await volumeUsage(vol);
  assert.ok(before.capacityBytes > 6 * MiB && before.capacityBytes <= 8 * MiB, `capacity ${before.capacityBytes}`);
  // A writer past the size gets ENOSPC.
  const fill = (name: string, mib: number): NodeJS.ErrnoException | undefined => {
    try {
      writeFileSync(join(vol, name), Buffer.alloc(mib * MiB, 1));
      return undefined;
    } catch (e: unknown) {
      return e as NodeJS.ErrnoException;
    }
  };
  assert.equal(fill('big', 20)?.code, 'ENOSPC');
  rmSync(join(vol, 'big'));
  writeFileSync(join(vol, 'keep'), 'kept');
  // Grown while mounted (ext4's online resize needs CAP_SYS_RESOURCE; where it is refused the error says so).
  try {
    await host.expandVolume(vol, 16 * MiB);
    const after = await volumeUsage(vol);
    assert.ok(after.capacityBytes > before.capacityBytes + 6 * MiB, `grown to ${after.capacityBytes}`);
  } catch (e: unknown) {
    assert.match(String((e as Error).message), /resize2fs.*Permission denied|Operation not permitted/s);
  }
  // killall unmounts; the next start mounts again, data intact.
  assert.deepEqual(await images.unmountAll(host.storageDir), [vol]);
  assert.equal(existsSync(join(vol, 'keep')), false);
  assert.deepEqual(await host.mountVolumes(), [vol]);
  assert.equal(readFileSync(join(vol, 'keep'), 'utf8'), 'kept');
  assert.deepEqual(await host.mountVolumes(), [], 'mounted already');
  await host.removeDirectory(vol);
  assert.equal(existsSync(vol), false);
  assert.equal(existsSync(join(host.storageDir, '.images', 'pvc-1_default_data.img')), false);
  await host.removeDirectory(vol);
  // A size mkfs cannot make is refused with the reason.
  await assert.rejects(host.createDirectory(join(host.storageDir, 'pvc-2_default_x'), { capacityBytes: MiB, fsType: 'xfs' }), /an xfs volume must be at least 300Mi/);
});

test('LocalVolumeHost with images: an xfs volume grows online', { skip: imageSkip || (existsSync('/usr/sbin/mkfs.xfs') ? false : 'mkfs.xfs is not installed') }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-host-xfs-'));
  const images = new VolumeImages();
  t.after(async () => {
    await images.unmountAll(join(dir, 'storage'));
    rmSync(dir, { recursive: true, force: true });
  });
  const host = new LocalVolumeHost({ storageDir: join(dir, 'storage'), images });
  const vol = join(host.storageDir, 'pvc-3_default_x');
  const MiB = 1024 * 1024;
  await host.createDirectory(vol, { capacityBytes: 300 * MiB, fsType: 'xfs' });
  writeFileSync(join(vol, 'keep'), 'kept');
  const before = await volumeUsage(vol);
  await host.expandVolume(vol, 600 * MiB);
  await host.expandVolume(vol, 600 * MiB);
  const after = await volumeUsage(vol);
  assert.ok(after.capacityBytes > before.capacityBytes + 250 * MiB, `${before.capacityBytes} -> ${after.capacityBytes}`);
  assert.equal(readFileSync(join(vol, 'keep'), 'utf8'), 'kept');
  await host.removeDirectory(vol);
  assert.equal(existsSync(vol), false);
});

test('LocalVolumeHost with images: a snapshot of a volume (frozen while copied) is a plain directory; a restore with a size is a volume of that size holding the data', { skip: imageSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-host-copy-'));
  const images = new VolumeImages();
  t.after(async () => {
    await images.unmountAll(join(dir, 'storage'));
    rmSync(dir, { recursive: true, force: true });
  });
  const host = new LocalVolumeHost({ storageDir: join(dir, 'storage'), images });
  const MiB = 1024 * 1024;
  const vol = join(host.storageDir, 'pvc-1_default_data');
  await host.createDirectory(vol, { capacityBytes: 8 * MiB });
  writeFileSync(join(vol, 'bin'), Buffer.from([0, 1, 2, 255]));
  const snap = join(host.storageDir, 'snapshots', 'snapcontent-1');
  const [a, b] = await Promise.all([host.copyDirectory(vol, snap), host.copyDirectory(vol, `${snap}-b`)]);
  assert.ok(a.sizeBytes >= 4 && b.sizeBytes >= 4, 'two copies of one source, one freeze at a time');
  assert.equal(images.isImageVolume(snap), false);
  writeFileSync(join(vol, 'bin'), 'changed', { flag: 'a' });
  const restored = join(host.storageDir, 'pvc-2_default_restored');
  await host.copyDirectory(snap, restored, { capacityBytes: 16 * MiB });
  assert.ok(images.isImageVolume(restored));
  assert.deepEqual([...readFileSync(join(restored, 'bin'))], [0, 1, 2, 255]);
  const usage = await volumeUsage(restored);
  assert.ok(usage.capacityBytes > 12 * MiB && usage.capacityBytes <= 16 * MiB, `restored capacity ${usage.capacityBytes}`);
  assert.equal(statSync(restored).mode & 0o777, 0o777);
  // A restore whose data does not fit fails and leaves no volume behind.
  writeFileSync(join(snap, 'big'), Buffer.alloc(4 * MiB, 1));
  await assert.rejects(host.copyDirectory(snap, join(host.storageDir, 'pvc-3_default_small'), { capacityBytes: 2 * MiB }), /Cannot copy .*No space left on device/s);
  assert.equal(existsSync(join(host.storageDir, 'pvc-3_default_small')), false);
  assert.equal(images.isImageVolume(join(host.storageDir, 'pvc-3_default_small')), false);
  // The source was thawed: it takes writes.
  writeFileSync(join(vol, 'after'), 'x');
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
