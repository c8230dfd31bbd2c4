import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeConditions, pressureOf } from './node-status.js';

const gi = 1024 ** 3;

test('pressureOf(): kubelet\'s default hard thresholds (memory.available<100Mi, nodefs<10%, imagefs<15% on the same disk, inodes<5%)', () => {
  assert.deepEqual(pressureOf({ memoryAvailableBytes: 8 * gi, nodefsAvailable: 0.5, nodefsInodesFree: 0.9 }), { memory: false, disk: false });
  assert.deepEqual(pressureOf({ memoryAvailableBytes: 99 * 1024 * 1024, nodefsAvailable: 0.5, nodefsInodesFree: 0.9 }), { memory: true, disk: false });
  assert.deepEqual(pressureOf({ memoryAvailableBytes: 8 * gi, nodefsAvailable: 0.14, nodefsInodesFree: 0.9 }), { memory: false, disk: true });
  assert.deepEqual(pressureOf({ memoryAvailableBytes: 8 * gi, nodefsAvailable: 0.5, nodefsInodesFree: 0.04 }), { memory: false, disk: true });
});

test('nodeConditions(): upstream reasons and messages; lastTransitionTime kept while a status holds', () => {
  const first = nodeConditions('2026-12-03T10:00:00Z', { memory: false, disk: true, pid: false });
  assert.deepEqual(first.map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`), [
    'MemoryPressure=False KubeletHasSufficientMemory: kubelet has sufficient memory available',
    'DiskPressure=True KubeletHasDiskPressure: kubelet has disk pressure',
    'PIDPressure=False KubeletHasSufficientPID: kubelet has sufficient PID available',
    'Ready=True KubeletReady: kubelet is posting ready status',
  ]);
  const later = nodeConditions('2026-12-03T10:05:00Z', { memory: true, disk: true, pid: false }, first);
  assert.deepEqual(later.map((c) => `${c.type} ${c.lastTransitionTime} ${c.lastHeartbeatTime}`), [
    'MemoryPressure 2026-12-03T10:05:00Z 2026-12-03T10:05:00Z',
    'DiskPressure 2026-12-03T10:00:00Z 2026-12-03T10:05:00Z',
    'PIDPressure 2026-12-03T10:00:00Z 2026-12-03T10:05:00Z',
    'Ready 2026-12-03T10:00:00Z 2026-12-03T10:05:00Z',
  ]);
});
