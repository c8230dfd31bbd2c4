import { test } from 'node:test';
import assert from 'node:assert/strict';
import { growCommand, imageFor, imagePathOf, mkfsCommand, volumePathOfImage } from './volume-image-plan.js';

const MiB = 1024 * 1024;

test('imageFor() sizes the image to the request in 4 KiB blocks, with each filesystem\'s floor; xfs from 1 GiB unless asked', () => {
  const cases: [number, string | undefined, { bytes: number; fsType: string } | RegExp][] = [
    [1024 * MiB, undefined, { bytes: 1024 * MiB, fsType: 'xfs' }],
    [1024 * MiB - 4096, undefined, { bytes: 1024 * MiB - 4096, fsType: 'ext4' }],
    [300 * MiB, undefined, { bytes: 300 * MiB, fsType: 'ext4' }],
    [1024 * MiB, 'ext4', { bytes: 1024 * MiB, fsType: 'ext4' }],
    [10 * MiB, 'ext4', { bytes: 10 * MiB, fsType: 'ext4' }],
    [10 * MiB + 1, 'ext4', { bytes: 10 * MiB + 4096, fsType: 'ext4' }],
    [2, 'ext4', { bytes: MiB, fsType: 'ext4' }],
    [300 * MiB, 'xfs', { bytes: 300 * MiB, fsType: 'xfs' }],
    [100 * MiB, 'xfs', /^an xfs volume must be at least 300Mi \(mkfs\.xfs's minimum\); the claim requests 104857600 bytes$/],
    [MiB, 'btrfs', /^unsupported csi\.storage\.k8s\.io\/fstype "btrfs": supported values are "ext4", "xfs"$/],
    [0, 'ext4', /needs a positive storage request/],
  ];
  for (const [request, fsType, want] of cases) {
    if (want instanceof RegExp) assert.throws(() => imageFor(request, fsType), (e: unknown) => e instanceof RangeError && want.test(e.message), `${request} ${fsType}`);
    else assert.deepEqual(imageFor(request, fsType), want, `${request} ${fsType}`);
  }
  assert.deepEqual(imageFor(1024 * MiB, undefined, { xfs: false }), { bytes: 1024 * MiB, fsType: 'ext4' }, 'no mkfs.xfs: ext4');
});

test('mkfs and grow commands per filesystem', () => {
  assert.deepEqual(mkfsCommand('ext4', '/i'), { file: 'mkfs.ext4', args: ['-q', '-F', '-m', '0', '/i'] });
  assert.deepEqual(mkfsCommand('xfs', '/i'), { file: 'mkfs.xfs', args: ['-q', '-f', '/i'] });
  assert.deepEqual(growCommand('ext4', '/dev/loop3', '/v'), { file: 'resize2fs', args: ['/dev/loop3'] });
  assert.deepEqual(growCommand('xfs', '/dev/loop3', '/v'), { file: 'xfs_growfs', args: ['/v'] });
});

test('a volume\'s image lives in <storageDir>/.images; image files map back to their volumes', () => {
  assert.equal(imagePathOf('/d/storage/pvc-1_ns_data'), '/d/storage/.images/pvc-1_ns_data.img');
  assert.equal(volumePathOfImage('/d/storage', 'pvc-1_ns_data.img'), '/d/storage/pvc-1_ns_data');
  assert.equal(volumePathOfImage('/d/storage', 'pvc-1_ns_data.img.tmp'), undefined, 'an image still being made');
  assert.equal(volumePathOfImage('/d/storage', '.x.img'), undefined);
});
