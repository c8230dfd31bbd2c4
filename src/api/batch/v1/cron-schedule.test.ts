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
