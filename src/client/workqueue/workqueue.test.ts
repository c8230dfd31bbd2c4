// The work queue's delayed adds: the earliest request wins, a later one never postpones a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../util/index.js';
import { WorkQueue } from './workqueue.js';

test('WorkQueue.addAfter() keeps the earlier of two delays for a key', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock });
  q.addAfter('a', 60_000);
  q.addAfter('a', 1_000);
  q.addAfter('a', 30_000);
  clock.advance(999);
  assert.equal(q.length, 0);
  clock.advance(1);
  assert.equal(q.length, 1);
  assert.equal(await q.get(), 'a');
  q.done('a');
  clock.advance(120_000);
  assert.equal(q.length, 0, 'the replaced later timers never fire');
  q[Symbol.dispose]();
});
