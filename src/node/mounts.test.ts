import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountAt, mountsBelow, parseMountInfo } from './mounts.js';

const mountinfo = [
  '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '90 22 7:0 / /d/storage/pvc-1_ns_data rw,relatime shared:50 - ext4 /dev/loop0 rw',
  '91 22 7:1 / /d/storage/pvc-2_ns_my\\040data rw,relatime shared:51 - xfs /dev/loop1 rw,attr2',
  '92 90 0:5 / /d/storage/pvc-1_ns_data/sub rw - tmpfs tmpfs rw',
  '93 22 7:2 / /d/storage-other/x rw - ext4 /dev/loop2 rw',
  '94 22 7:0 / /d/storage/pvc-1_ns_data rw,relatime shared:52 - ext4 /dev/loop4 rw',
].join('\n');

test('parseMountInfo() reads mount points (unescaped), types and sources; the last mount at a path wins', () => {
  const mounts = parseMountInfo(mountinfo);
  assert.equal(mounts.length, 6);
  assert.deepEqual(mountAt(mounts, '/d/storage/pvc-2_ns_my data'), { mountPoint: '/d/storage/pvc-2_ns_my data', fsType: 'xfs', source: '/dev/loop1' });
  assert.equal(mountAt(mounts, '/d/storage/pvc-1_ns_data')?.source, '/dev/loop4');
  assert.equal(mountAt(mounts, '/d/storage/none'), undefined);
});

test('mountsBelow() lists the mounts inside a directory, deepest first, each once', () => {
  assert.deepEqual(mountsBelow(parseMountInfo(mountinfo), '/d/storage'), ['/d/storage/pvc-1_ns_data/sub', '/d/storage/pvc-2_ns_my data', '/d/storage/pvc-1_ns_data']);
});
