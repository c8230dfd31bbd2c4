import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

test('parseGoDuration() reads Go durations in nanoseconds', () => {
  const cases: [string, bigint][] = [
    ['90s', 90_000_000_000n], ['1h30m', 5_400_000_000_000n], ['1.5h', 5_400_000_000_000n], ['.5s', 500_000_000n], ['5.s', 5_000_000_000n],
    ['300ms', 300_000_000n], ['2us', 2_000n], ['2µs', 2_000n], ['7ns', 7n], ['0', 0n], ['-1m', -60_000_000_000n], ['+2s', 2_000_000_000n],
  ];
  for (const [s, want] of cases) assert.equal(parseGoDuration(s), want, s);
});

test('parseGoDuration() fails with Go\'s messages', () => {
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'], ['x', 'time: invalid duration "x"'], ['.s', 'time: invalid duration ".s"'], ['1', 'time: missing unit in duration "1"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'], ['3000000h', 'time: invalid duration "3000000h"'],
  ];
  for (const [s, want] of cases) assert.throws(() => parseGoDuration(s), { message: want }, s);
});

test('formatGoDuration() prints as Go Duration.String()', () => {
  assert.deepEqual([0, 0.5, 1.5, 500, 15_032, 60_000, 90_000, 3_600_000, 3_723_500].map(formatGoDuration), ['0s', '500µs', '1.5ms', '500ms', '15.032s', '1m0s', '1m30s', '1h0m0s', '1h2m3.5s']);
});
