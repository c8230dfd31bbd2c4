import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateCounter } from './rate-counter.js';

test('RateCounter.countAt() grows at the rate since the start and keeps the count across a rate change', () => {
  const c = new RateCounter(25, 1_000);
  assert.deepEqual([c.countAt(1_000, 25), c.countAt(11_000, 25), c.countAt(11_000, 1000), c.countAt(13_000, 1000), c.countAt(15_000, 0), c.countAt(60_000, 0)], [0, 250, 250, 2_250, 4_250, 4_250]);
});
