import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashLoopMessage, decideRestart, shouldRestart } from './restart.js';

test('shouldRestart() follows restartPolicy', () => {
  assert.deepEqual([shouldRestart(undefined, 0), shouldRestart('Always', 0), shouldRestart('OnFailure', 0), shouldRestart('OnFailure', 1), shouldRestart('Never', 1)], [true, true, false, true, false]);
});

test('decideRestart(): the first restart is immediate, then 10 s doubling to 5 min, forgotten when it stopped over 10 min after its last restart', () => {
  const first = decideRestart('Always', 1, undefined, { nowMs: 1000, finishedMs: 1000 });
  assert.deepEqual(first, { kind: 'restart', next: { delayMs: 10_000, lastRestartMs: 1000 } });
  const entry = { delayMs: 10_000, lastRestartMs: 1000 };
  assert.deepEqual(decideRestart('Always', 1, entry, { nowMs: 5000, finishedMs: 2000 }), { kind: 'backoff', ms: 7000, delayMs: 10_000 });
  assert.deepEqual(decideRestart('Always', 1, entry, { nowMs: 12_000, finishedMs: 2000 }), { kind: 'restart', next: { delayMs: 20_000, lastRestartMs: 12_000 } });
  assert.deepEqual(decideRestart('Always', 1, { delayMs: 300_000, lastRestartMs: 0 }, { nowMs: 400_000, finishedMs: 0 }), { kind: 'restart', next: { delayMs: 300_000, lastRestartMs: 400_000 } });
  assert.deepEqual(decideRestart('Always', 1, { delayMs: 80_000, lastRestartMs: 0 }, { nowMs: 700_000, finishedMs: 699_000 }), { kind: 'restart', next: { delayMs: 10_000, lastRestartMs: 700_000 } });
  assert.deepEqual(decideRestart('Always', 1, { delayMs: 80_000, lastRestartMs: 0 }, { nowMs: 700_000, finishedMs: 600_000 }), { kind: 'restart', next: { delayMs: 160_000, lastRestartMs: 700_000 } }, 'exactly 10 min is not over');
  assert.deepEqual(decideRestart('Never', 1, entry, { nowMs: 0, finishedMs: 0 }), { kind: 'stay' });
});

test('crashLoopMessage() is upstream\'s wording', () => {
  const pod = { name: 'web', namespace: 'default', uid: 'u1' };
  assert.equal(crashLoopMessage(10_000, 'c', pod), 'back-off 10s restarting failed container=c pod=web_default(u1)');
  assert.equal(crashLoopMessage(160_000, 'c', pod), 'back-off 2m40s restarting failed container=c pod=web_default(u1)');
  assert.equal(crashLoopMessage(300_000, 'c', pod), 'back-off 5m0s restarting failed container=c pod=web_default(u1)');
});
