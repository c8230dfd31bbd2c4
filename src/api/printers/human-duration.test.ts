import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, translateTimestampSince } from './human-duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

test('humanDuration() matches upstream HumanDuration at every boundary', () => {
  const rows: [number, string][] = [
    [-2 * s, '<invalid>'], [-1 * s, '0s'], [-500, '0s'], [0, '0s'], [999, '0s'],
    [95 * s, '95s'], [119 * s, '119s'], [120 * s, '2m'],
    [5 * m, '5m'], [5 * m + 3 * s, '5m3s'], [9 * m + 59 * s, '9m59s'], [10 * m + 30 * s, '10m'],
    [179 * m + 59 * s, '179m'], [180 * m, '3h'], [3 * h + 31 * m, '3h31m'], [7 * h + 59 * m, '7h59m'], [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'], [48 * h, '2d'], [3 * d + 4 * h, '3d4h'], [7 * d + 23 * h, '7d23h'], [8 * d + 5 * h, '8d'],
    [21 * d, '21d'], [400 * d, '400d'], [729 * d, '729d'], [730 * d, '2y'], [(2 * 365 + 3) * d, '2y3d'],
    [(7 * 365 + 364) * d, '7y364d'], [8 * 365 * d, '8y'], [(8 * 365 + 100) * d, '8y'],
  ];
  for (const [ms, want] of rows) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('translateTimestampSince() prints <unknown> for missing, zero and unparsable timestamps', () => {
  const now = new Date('2024-06-01T00:00:00Z');
  assert.equal(translateTimestampSince(undefined, now), '<unknown>');
  assert.equal(translateTimestampSince('', now), '<unknown>');
  assert.equal(translateTimestampSince('0001-01-01T00:00:00Z', now), '<unknown>');
  assert.equal(translateTimestampSince('yesterday', now), '<unknown>');
  assert.equal(translateTimestampSince(42, now), '<unknown>');
  assert.equal(translateTimestampSince('2024-05-31T23:54:57Z', now), '5m3s');
  assert.equal(translateTimestampSince('2024-06-01T00:00:10Z', now), '<invalid>');
});
