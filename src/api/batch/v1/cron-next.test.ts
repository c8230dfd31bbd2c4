// Tables for nextCronTime(): robfig/cron v3's answers (its own DST rows, converted to 5 fields), a day of
// schedules, short months, leap days, impossible dates, day-of-month OR/AND day-of-week, descriptors, @every.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCronTime } from './cron-next.js';
import { parseCronSchedule } from './cron-schedule.js';
import { formatRfc3339, TimeZone } from './time-zone.js';

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  assert.ok(Number.isFinite(ms), iso);
  return ms;
};
const next = (schedule: string, fromIso: string, zone = TimeZone.utc): string | undefined => {
  const t = nextCronTime(parseCronSchedule(schedule), at(fromIso), zone);
  return t === undefined ? undefined : formatRfc3339(t, zone);
};
/** Every firing in [from, to), in order. */
const firings = (schedule: string, fromIso: string, toIso: string, zone = TimeZone.utc): number[] => {
  const s = parseCronSchedule(schedule);
  const out: number[] = [];
  for (let t = nextCronTime(s, at(fromIso) - 1000, zone); t !== undefined && t < at(toIso); t = nextCronTime(s, t, zone)) out.push(t);
  return out;
};

test('nextCronTime() walks a day of */5 in 288 steps, each five minutes after the last', () => {
  const day = firings('*/5 * * * *', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z');
  assert.equal(day.length, 288);
  assert.equal(formatRfc3339(day[0]!, TimeZone.utc), '2024-01-01T00:00:00Z');
  assert.equal(formatRfc3339(day[287]!, TimeZone.utc), '2024-01-01T23:55:00Z');
  assert.ok(day.every((t, i) => i === 0 || t - day[i - 1]! === 300_000));
});

const rows: { name: string; schedule: string; from: string; want: string | undefined; zone?: string }[] = [
  { name: 'strictly after: a firing time itself is not next', schedule: '*/5 * * * *', from: '2024-01-01T00:05:00Z', want: '2024-01-01T00:10:00Z' },
  { name: 'sub-second parts are dropped', schedule: '*/5 * * * *', from: '2024-01-01T00:04:59.900Z', want: '2024-01-01T00:05:00Z' },
  { name: 'ranges, steps, lists and names', schedule: '15,45 9-17/4 * JAN-MAR MON-FRI', from: '2024-01-06T12:00:00Z', want: '2024-01-08T09:15:00Z' },
  { name: '31st: February, April and June are skipped', schedule: '0 0 31 * *', from: '2024-01-31T00:00:00Z', want: '2024-03-31T00:00:00Z' },
  { name: '31st after March', schedule: '0 0 31 * *', from: '2024-03-31T00:00:00Z', want: '2024-05-31T00:00:00Z' },
  { name: 'leap day from a leap year', schedule: '0 0 29 2 *', from: '2024-02-29T00:00:00Z', want: '2028-02-29T00:00:00Z' },
  { name: 'leap day from a common year', schedule: '0 0 29 2 *', from: '2025-06-01T00:00:00Z', want: '2028-02-29T00:00:00Z' },
  { name: 'an impossible date never comes (robfig: zero time after five years)', schedule: '59 23 31 2 *', from: '2024-01-01T00:00:00Z', want: undefined },
  { name: 'the 30th of February neither', schedule: '0 0 30 2 *', from: '2024-01-01T00:00:00Z', want: undefined },
  { name: 'dom and dow both restricted: either matches (the 11th, a Thursday)', schedule: '0 0 */10 * MON', from: '2024-01-08T00:00:00Z', want: '2024-01-11T00:00:00Z' },
  { name: 'dom and dow both restricted: either matches (Monday the 15th)', schedule: '0 0 */10 * MON', from: '2024-01-11T00:00:00Z', want: '2024-01-15T00:00:00Z' },
  { name: 'dom and dow both restricted: either matches (Sunday the 21st)', schedule: '0 0 */10 * MON', from: '2024-01-15T00:00:00Z', want: '2024-01-21T00:00:00Z' },
  { name: '*/1 keeps the star bit: both must match', schedule: '0 0 */1 * MON', from: '2024-01-08T00:00:00Z', want: '2024-01-15T00:00:00Z' },
  { name: '? is a star: both must match', schedule: '0 0 ? * MON', from: '2024-01-08T00:00:00Z', want: '2024-01-15T00:00:00Z' },
  { name: 'a star day-of-week: the 1st only', schedule: '0 0 1 * *', from: '2024-01-08T00:00:00Z', want: '2024-02-01T00:00:00Z' },
  { name: 'a star day-of-week with a list dom keeps AND (the 1st, whatever the weekday)', schedule: '0 0 1 * *', from: '2024-02-01T00:00:00Z', want: '2024-03-01T00:00:00Z' },
  { name: '*/2 loses the star bit: odd days OR Mondays', schedule: '0 0 */2 * MON', from: '2024-01-01T00:00:00Z', want: '2024-01-03T00:00:00Z' },
  { name: '@hourly', schedule: '@hourly', from: '2024-01-01T10:30:00Z', want: '2024-01-01T11:00:00Z' },
  { name: '@daily', schedule: '@daily', from: '2024-01-01T10:30:00Z', want: '2024-01-02T00:00:00Z' },
  { name: '@midnight', schedule: '@midnight', from: '2024-01-01T00:00:00Z', want: '2024-01-02T00:00:00Z' },
  { name: '@weekly: Sunday midnight', schedule: '@weekly', from: '2024-01-03T10:00:00Z', want: '2024-01-07T00:00:00Z' },
  { name: '@monthly', schedule: '@monthly', from: '2024-01-03T10:00:00Z', want: '2024-02-01T00:00:00Z' },
  { name: '@yearly', schedule: '@yearly', from: '2024-01-01T00:00:00Z', want: '2025-01-01T00:00:00Z' },
  { name: '@annually', schedule: '@annually', from: '2024-06-01T00:00:00Z', want: '2025-01-01T00:00:00Z' },
  { name: '@every 90s adds 90 s to the whole second', schedule: '@every 90s', from: '2024-01-01T00:00:00.250Z', want: '2024-01-01T00:01:30Z' },
  { name: '@every 1.5s is a whole second', schedule: '@every 1.5s', from: '2024-01-01T00:00:00Z', want: '2024-01-01T00:00:01Z' },
  { name: '@every 500ms is at least a second', schedule: '@every 500ms', from: '2024-01-01T00:00:00Z', want: '2024-01-01T00:00:01Z' },
  { name: '@every 1h30m', schedule: '@every 1h30m', from: '2024-01-01T00:00:00Z', want: '2024-01-01T01:30:00Z' },
  { name: 'a time zone: midnight in Tokyo', schedule: '0 0 * * *', from: '2024-01-01T00:00:00Z', want: '2024-01-02T00:00:00+09:00', zone: 'Asia/Tokyo' },
  { name: 'a half-hour zone', schedule: '0 9 * * *', from: '2024-01-01T00:00:00Z', want: '2024-01-01T09:00:00+05:30', zone: 'Asia/Kolkata' },
  // America/New_York, 2012-03-11: 2am EST becomes 3am EDT (robfig's rows).
  { name: 'NY spring: hourly 00:00 → 01:00 EST', schedule: '0 * * * *', from: '2012-03-11T00:00:00-05:00', want: '2012-03-11T01:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY spring: hourly 01:00 EST → 03:00 EDT', schedule: '0 * * * *', from: '2012-03-11T01:00:00-05:00', want: '2012-03-11T03:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY spring: hourly 03:00 → 04:00 EDT', schedule: '0 * * * *', from: '2012-03-11T03:00:00-04:00', want: '2012-03-11T04:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY spring: 1am nightly', schedule: '0 1 * * *', from: '2012-03-11T01:00:00-05:00', want: '2012-03-12T01:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY spring: 2am nightly is skipped that day', schedule: '0 2 * * *', from: '2012-03-11T00:00:00-05:00', want: '2012-03-12T02:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY spring: 2:30 on that date only next year', schedule: '30 2 11 3 *', from: '2012-03-11T00:00:00-05:00', want: '2013-03-11T02:30:00-04:00', zone: 'America/New_York' },
  // America/New_York, 2012-11-04: 2am EDT becomes 1am EST.
  { name: 'NY fall: 2:30 after the change', schedule: '30 2 4 11 *', from: '2012-11-04T00:00:00-04:00', want: '2012-11-04T02:30:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: 1:30 again in the repeated hour', schedule: '30 1 4 11 *', from: '2012-11-04T01:45:00-04:00', want: '2012-11-04T01:30:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: hourly 00:00 → 01:00 EDT', schedule: '0 * * * *', from: '2012-11-04T00:00:00-04:00', want: '2012-11-04T01:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY fall: hourly 01:00 EDT → 01:00 EST', schedule: '0 * * * *', from: '2012-11-04T01:00:00-04:00', want: '2012-11-04T01:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: hourly 01:00 EST → 02:00 EST', schedule: '0 * * * *', from: '2012-11-04T01:00:00-05:00', want: '2012-11-04T02:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: 1am nightly runs twice (first)', schedule: '0 1 * * *', from: '2012-11-04T00:00:00-04:00', want: '2012-11-04T01:00:00-04:00', zone: 'America/New_York' },
  { name: 'NY fall: 1am nightly runs twice (second)', schedule: '0 1 * * *', from: '2012-11-04T01:00:00-04:00', want: '2012-11-04T01:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: 1am nightly then the next day', schedule: '0 1 * * *', from: '2012-11-04T01:00:00-05:00', want: '2012-11-05T01:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: 2am nightly once', schedule: '0 2 * * *', from: '2012-11-04T00:00:00-04:00', want: '2012-11-04T02:00:00-05:00', zone: 'America/New_York' },
  { name: 'NY fall: 3am nightly', schedule: '0 3 * * *', from: '2012-11-04T00:00:00-04:00', want: '2012-11-04T03:00:00-05:00', zone: 'America/New_York' },
  // Europe/London, 2024-03-31 01:00 GMT → 02:00 BST and 2024-10-27 02:00 BST → 01:00 GMT.
  { name: 'London spring: 1:30 is skipped that day', schedule: '30 1 * * *', from: '2024-03-31T00:00:00Z', want: '2024-04-01T01:30:00+01:00', zone: 'Europe/London' },
  { name: 'London spring: hourly 00:00 GMT → 02:00 BST', schedule: '0 * * * *', from: '2024-03-31T00:00:00Z', want: '2024-03-31T02:00:00+01:00', zone: 'Europe/London' },
  { name: 'London fall: 1:30 BST', schedule: '30 1 * * *', from: '2024-10-27T00:00:00+01:00', want: '2024-10-27T01:30:00+01:00', zone: 'Europe/London' },
  { name: 'London fall: 1:30 again in GMT', schedule: '30 1 * * *', from: '2024-10-27T01:30:00+01:00', want: '2024-10-27T01:30:00Z', zone: 'Europe/London' },
  { name: 'London fall: then the next day', schedule: '30 1 * * *', from: '2024-10-27T01:30:00Z', want: '2024-10-28T01:30:00Z', zone: 'Europe/London' },
  // America/Sao_Paulo, 2018-11-04: midnight became 1am; the day search lands on 1am and keeps the day.
  { name: 'Sao Paulo: a day whose midnight does not exist', schedule: '0 9 4 11 *', from: '2018-11-03T12:00:00-03:00', want: '2018-11-04T09:00:00-02:00', zone: 'America/Sao_Paulo' },
  { name: 'Sao Paulo: a daily midnight skips that day', schedule: '0 0 * * *', from: '2018-11-03T00:00:00-03:00', want: '2018-11-05T00:00:00-02:00', zone: 'America/Sao_Paulo' },
];
for (const r of rows) {
  test(`nextCronTime() ${r.name}`, () => assert.equal(next(r.schedule, r.from, TimeZone.load(r.zone ?? 'UTC')), r.want));
}

test('nextCronTime() runs */5 by elapsed time across DST: 36 firings in the 3 h of a spring-forward night, 48 in the 4 h of a fall-back one', () => {
  const ny = TimeZone.load('America/New_York');
  assert.equal(firings('*/5 * * * *', '2012-03-11T00:00:00-05:00', '2012-03-11T04:00:00-04:00', ny).length, 36);
  assert.equal(firings('*/5 * * * *', '2012-11-04T00:00:00-04:00', '2012-11-04T03:00:00-05:00', ny).length, 48);
  const london = TimeZone.load('Europe/London');
  assert.deepEqual(firings('30 * * * *', '2024-10-27T00:00:00+01:00', '2024-10-27T03:00:00Z', london).map((t) => formatRfc3339(t, london)),
    ['2024-10-27T00:30:00+01:00', '2024-10-27T01:30:00+01:00', '2024-10-27T01:30:00Z', '2024-10-27T02:30:00Z']);
});
