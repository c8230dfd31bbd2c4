import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffRemainingMs, failedPodBackoffMaxMs, nextBackoff } from './backoff.js';

test('nextBackoff() starts at 1 s, doubles up to 15 min, starts again after twice the maximum untouched', () => {
  let e = nextBackoff(undefined, 0);
  assert.deepEqual(e, { delayMs: 1000, lastMs: 0 });
  for (let i = 0; i < 12; i++) e = nextBackoff(e, e.lastMs + e.delayMs);
  assert.equal(e.delayMs, failedPodBackoffMaxMs);
  assert.deepEqual(nextBackoff(e, e.lastMs + 2 * failedPodBackoffMaxMs + 1), { delayMs: 1000, lastMs: e.lastMs + 2 * failedPodBackoffMaxMs + 1 });
});

test('backoffRemainingMs() is the time left since the last raise, undefined once over or forgotten', () => {
  assert.equal(backoffRemainingMs(undefined, 5), undefined);
  assert.equal(backoffRemainingMs({ delayMs: 2000, lastMs: 1000 }, 1500), 1500);
  assert.equal(backoffRemainingMs({ delayMs: 2000, lastMs: 1000 }, 3000), undefined);
});
