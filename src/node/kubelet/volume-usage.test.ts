import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryBytes, usageDue, usageMessage, volumeUsageCondition, withUsageCondition } from './volume-usage.js';

const MiB = 1024 * 1024;
const stats = (usedBytes: number, capacityBytes = 20 * MiB) => ({ name: 'data', pvcRef: { name: 'c', namespace: 'db' }, time: 't', capacityBytes, usedBytes, availableBytes: capacityBytes - usedBytes, inodes: 5120, inodesFree: 5109, inodesUsed: 11 });

test('binaryBytes() writes binary units with one decimal where it matters', () => {
  assert.deepEqual([0, 512, 1024, 1536, 15.2 * MiB, 2 * 1024 * MiB, 1023.99 * 1024].map(binaryBytes), ['0', '512', '1Ki', '1.5Ki', '15.2Mi', '2Gi', '1024Ki']);
});

test('usageMessage() says used of capacity with the percentage and the inodes', () => {
  assert.equal(usageMessage(stats(15.2 * MiB)), '15.2Mi of 20Mi used (76%), 11 of 5120 inodes used');
  assert.equal(usageMessage({ name: 'x', time: 't', capacityBytes: 0, usedBytes: 0 }), '0 of 0 used (0%)');
});

test('usageDue(): first time, a changed capacity, or 1% of it moved, at most once a minute', () => {
  const last = { usedBytes: 10 * MiB, capacityBytes: 20 * MiB, atMs: 0 };
  const cases: [typeof last | undefined, ReturnType<typeof stats>, number, boolean][] = [
    [undefined, stats(10 * MiB), 0, true],
    [last, stats(15 * MiB), 59_999, false],
    [last, stats(10 * MiB + 0.19 * MiB), 60_000, false],
    [last, stats(10 * MiB + 0.21 * MiB), 60_000, true],
    [last, stats(10 * MiB - 0.21 * MiB), 60_000, true],
    [last, stats(10 * MiB, 40 * MiB), 60_000, true],
  ];
  for (const [l, v, now, want] of cases) assert.equal(usageDue(l, v, now), want, `${JSON.stringify(l)} ${v.usedBytes} ${now}`);
  assert.equal(usageDue(undefined, { name: 'x', time: 't' }, 0), false, 'nothing measured');
});

test('withUsageCondition() adds or replaces the usage condition, keeps others, and says nothing new as undefined', () => {
  const resizing = { type: 'Resizing', status: 'True', lastTransitionTime: 'r' };
  const added = withUsageCondition([resizing], stats(MiB), 'now');
  assert.deepEqual(added, [resizing, { type: volumeUsageCondition, status: 'True', lastProbeTime: 'now', lastTransitionTime: 'now', reason: 'Measured', message: '1Mi of 20Mi used (5%), 11 of 5120 inodes used' }]);
  assert.equal(withUsageCondition(added, stats(MiB), 'later'), undefined);
  assert.deepEqual(withUsageCondition(added, stats(2 * MiB), 'later'), [resizing, { type: volumeUsageCondition, status: 'True', lastProbeTime: 'later', lastTransitionTime: 'now', reason: 'Measured', message: '2Mi of 20Mi used (10%), 11 of 5120 inodes used' }]);
});
