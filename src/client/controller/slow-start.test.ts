import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowStartBatch } from './slow-start.js';

test('slowStartBatch() runs batches of 1, 2, 4, … and stops after the first batch with a failure', async () => {
  const batches: number[][] = [];
  let current: number[] = [];
  const ok = await slowStartBatch(10, async (i) => { current.push(i); if ([0, 2, 6].includes(i)) { batches.push(current); current = []; } });
  assert.deepEqual(ok, { attempted: 10 });
  assert.deepEqual(batches, [[0], [1, 2], [3, 4, 5, 6]]);
  const calls: number[] = [];
  const failed = await slowStartBatch(10, async (i) => { calls.push(i); if (i === 4) throw new Error('quota'); });
  assert.deepEqual(calls, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(failed.attempted, 7);
  assert.equal((failed.error as Error).message, 'quota');
});
