import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRfc3339, TimeZone } from './time-zone.js';

test('TimeZone.load() knows IANA names, treats "", UTC and Local as UTC, and rejects others with Go\'s message', () => {
  assert.equal(TimeZone.load(''), TimeZone.utc);
  assert.equal(TimeZone.load('Local'), TimeZone.utc);
  assert.equal(TimeZone.load('Europe/Berlin').name, 'Europe/Berlin');
  assert.throws(() => TimeZone.load('Mars/Olympus'), { name: 'RangeError', message: 'unknown time zone Mars/Olympus' });
});

test('TimeZone.instant() resolves skipped and repeated wall times as Go\'s time.Date does', () => {
  const ny = TimeZone.load('America/New_York');
  const london = TimeZone.load('Europe/London');
  const iso = (ms: number, z: TimeZone): string => formatRfc3339(ms, z);
  assert.equal(iso(ny.instant(2012, 3, 11, 2, 30, 0), ny), '2012-03-11T01:30:00-05:00');
  assert.equal(iso(ny.instant(2012, 11, 4, 1, 30, 0), ny), '2012-11-04T01:30:00-04:00');
  assert.equal(iso(london.instant(2024, 3, 31, 1, 30, 0), london), '2024-03-31T02:30:00+01:00');
  assert.equal(iso(london.instant(2024, 10, 27, 1, 30, 0), london), '2024-10-27T01:30:00Z');
  assert.equal(iso(TimeZone.utc.instant(2024, 2, 30, 25, 0, 0), TimeZone.utc), '2024-03-02T01:00:00Z');
});

test('formatRfc3339() writes the zone\'s offset, Z for zero', () => {
  const t = Date.parse('2024-07-01T12:00:00Z');
  assert.equal(formatRfc3339(t, TimeZone.utc), '2024-07-01T12:00:00Z');
  assert.equal(formatRfc3339(t, TimeZone.load('America/New_York')), '2024-07-01T08:00:00-04:00');
  assert.equal(formatRfc3339(t, TimeZone.load('Asia/Kolkata')), '2024-07-01T17:30:00+05:30');
  assert.equal(formatRfc3339(Date.parse('2024-01-01T12:00:00Z'), TimeZone.load('Europe/London')), '2024-01-01T12:00:00Z');
});
