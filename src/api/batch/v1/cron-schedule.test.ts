import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronScheduleError, parseCronSchedule } from './cron-schedule.js';

test('parseCronSchedule() expands ranges, steps, lists and names', () => {
  assert.deepEqual(parseCronSchedule('*/15 0-2 1,15 JAN-MAR mon-fri').fields, [[0, 15, 30, 45], [0, 1, 2], [1, 15], [1, 2, 3], [1, 2, 3, 4, 5]]);
  assert.deepEqual(parseCronSchedule('5/20 * * * *').fields[0], [5, 25, 45]);
});

test('cronScheduleError() accepts standard schedules and descriptors', () => {
  for (const s of ['*/1 * * * *', '0 3 * * 0', '@hourly', '@daily', '@every 1h30m', '0 0 ? * *']) assert.equal(cronScheduleError(s), undefined, s);
});

test('cronScheduleError() reports robfig/cron messages', () => {
  const cases: [string, string][] = [
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ];
  for (const [s, want] of cases) assert.equal(cronScheduleError(s), want, s);
});

test('parseCronSchedule() sets robfig\'s star bits: * and ? (step 1), not */2', () => {
  const bits = (s: string): [boolean, boolean] => {
    const p = parseCronSchedule(s);
    return [p.domStar, p.dowStar];
  };
  assert.deepEqual(bits('0 0 * * *'), [true, true]);
  assert.deepEqual(bits('0 0 ? * MON'), [true, false]);
  assert.deepEqual(bits('0 0 */1 * 1-5'), [true, false]);
  assert.deepEqual(bits('0 0 */2 * MON'), [false, false]);
  assert.deepEqual(bits('0 0 1,15 * *'), [false, true]);
  assert.deepEqual(bits('0 0 1,* * 2/1'), [true, false]);
});

test('parseCronSchedule() expands descriptors and reads @every as whole seconds, at least one', () => {
  const all = (min: number, max: number): number[] => Array.from({ length: max - min + 1 }, (_, i) => min + i);
  assert.deepEqual(parseCronSchedule('@hourly'), { fields: [[0], all(0, 23), all(1, 31), all(1, 12), all(0, 6)], domStar: true, dowStar: true });
  assert.deepEqual(parseCronSchedule('@weekly'), { fields: [[0], [0], all(1, 31), all(1, 12), [0]], domStar: true, dowStar: false });
  assert.deepEqual(parseCronSchedule('@yearly'), { fields: [[0], [0], [1], [1], all(0, 6)], domStar: false, dowStar: true });
  assert.equal(parseCronSchedule('@every 90s').everyMs, 90_000);
  assert.equal(parseCronSchedule('@every 2.9s').everyMs, 2_000);
  assert.equal(parseCronSchedule('@every 10ms').everyMs, 1_000);
  assert.equal(cronScheduleError('@every 1d'), 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"');
  assert.equal(cronScheduleError('@every 5'), 'failed to parse duration @every 5: time: missing unit in duration "5"');
});

test('cronScheduleError() checks in robfig\'s order and splits lists as Go\'s FieldsFunc does', () => {
  assert.equal(cronScheduleError('70/0 * * * *'), 'beginning of range (70) beyond end of range (59): 70/0');
  assert.equal(cronScheduleError('1/2/3 * * * *'), 'too many slashes: 1/2/3');
  assert.equal(cronScheduleError('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  assert.equal(cronScheduleError('*/-1 * * * *'), 'negative number (-1) not allowed: */-1');
  assert.equal(cronScheduleError('1,,2 * * * *'), undefined);
  assert.deepEqual(parseCronSchedule('1,,2 * * * *').fields[0], [1, 2]);
});
