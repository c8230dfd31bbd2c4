// Go text formats for apimachinery time values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatMicroTime, formatTime } from './go-format.js';

test('formatTime() writes RFC3339 in UTC at second precision', () => {
  assert.equal(formatTime(1704164645), '2024-01-02T03:04:05Z');
  assert.equal(formatTime(0), '1970-01-01T00:00:00Z');
});

test('formatMicroTime() writes six fractional digits', () => {
  assert.equal(formatMicroTime(1704164645, 123456789), '2024-01-02T03:04:05.123456Z');
  assert.equal(formatMicroTime(1704164645, 0), '2024-01-02T03:04:05.000000Z');
});

test('formatDuration() matches Go time.Duration.String()', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'], [1n, '1ns'], [1500n, '1.5µs'], [150_000_000n, '150ms'], [1_000_000_000n, '1s'], [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'], [90_500_000_000n, '1m30.5s'], [3_600_000_000_000n, '1h0m0s'], [-5_000_000_000n, '-5s'], [1_000_000n, '1ms'],
  ];
  for (const [ns, want] of cases) assert.equal(formatDuration(ns), want, `formatDuration(${ns})`);
});
