// Tables for the scheduled-time arithmetic (upstream mostRecentScheduleTime / nextScheduleTimeDuration).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCronTime, parseCronSchedule, TimeZone } from '../../api/index.js';
import { mostRecentScheduleTime, nextScheduleTime, nextScheduleTimeDuration, type NextTime, type ScheduleState } from './times.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const nextOf = (schedule: string): NextTime => {
  const s = parseCronSchedule(schedule);
  return (ms) => nextCronTime(s, ms, TimeZone.utc);
};
const state = (o: { last?: string; deadline?: number } = {}): ScheduleState => ({
  creationMs: at('2024-01-01T00:00:00Z'), lastScheduleMs: o.last ? at(o.last) : undefined, startingDeadlineSeconds: o.deadline,
});

const rows: { name: string; schedule: string; state: ScheduleState; now: string; want: { mostRecent?: string; missed?: string; error?: string } }[] = [
  { name: 'nothing before the first time', schedule: '*/5 * * * *', state: state(), now: '2024-01-01T00:04:59Z', want: { missed: 'none' } },
  { name: 'the first time, exactly at it', schedule: '*/5 * * * *', state: state(), now: '2024-01-01T00:05:00Z', want: { mostRecent: '2024-01-01T00:05:00.000Z', missed: 'none' } },
  { name: 'a few missed: the latest', schedule: '*/5 * * * *', state: state({ last: '2024-01-01T00:05:00Z' }), now: '2024-01-01T00:31:00Z', want: { mostRecent: '2024-01-01T00:30:00.000Z', missed: 'few' } },
  { name: 'more than 100 missed', schedule: '*/5 * * * *', state: state(), now: '2024-01-02T00:00:30Z', want: { mostRecent: '2024-01-02T00:00:00.000Z', missed: 'many' } },
  { name: 'the deadline bounds the look-back', schedule: '*/5 * * * *', state: state({ deadline: 200 }), now: '2024-01-02T00:00:30Z', want: { mostRecent: '2024-01-02T00:00:00.000Z', missed: 'none' } },
  { name: 'an uneven schedule walks to the right time', schedule: '30 6-16/4 * * 1-5', state: state(), now: '2024-01-03T15:00:00Z', want: { mostRecent: '2024-01-03T14:30:00.000Z', missed: 'few' } },
  { name: '@every catches up on its own grid', schedule: '@every 7m', state: state(), now: '2024-01-01T01:00:00Z', want: { mostRecent: '2024-01-01T00:56:00.000Z', missed: 'few' } },
  { name: 'an impossible date is an error', schedule: '0 0 31 2 *', state: state(), now: '2024-06-01T00:00:00Z', want: { error: 'time difference between two schedules is less than 1 second' } },
];
for (const r of rows) {
  test(`mostRecentScheduleTime() ${r.name}`, () => {
    const got = mostRecentScheduleTime(r.state, at(r.now), nextOf(r.schedule), { withStartingDeadline: true });
    assert.deepEqual('error' in got ? { error: got.error } : { ...(got.mostRecentMs !== undefined ? { mostRecent: iso(got.mostRecentMs) } : {}), missed: got.missed }, r.want);
  });
}

test('nextScheduleTime() reports the due time and whether more than 100 were missed', () => {
  const next = nextOf('*/5 * * * *');
  assert.deepEqual(nextScheduleTime(state(), at('2024-01-01T00:04:00Z'), next), { tooManyMissed: false });
  assert.deepEqual(nextScheduleTime(state(), at('2024-01-01T00:05:01Z'), next), { scheduledMs: at('2024-01-01T00:05:00Z'), tooManyMissed: false });
  assert.deepEqual(nextScheduleTime(state(), at('2024-01-02T00:00:01Z'), next), { scheduledMs: at('2024-01-02T00:00:00Z'), tooManyMissed: true });
});

test('nextScheduleTimeDuration() aims 100 ms past the next time after the latest due one', () => {
  const next = nextOf('*/5 * * * *');
  assert.equal(nextScheduleTimeDuration(state(), at('2024-01-01T00:04:00Z'), next), 60_100);
  assert.equal(nextScheduleTimeDuration(state({ last: '2024-01-01T00:05:00Z' }), at('2024-01-01T00:05:00.100Z'), next), 300_000);
  // A due time not yet started (Forbid): still the next one after it, not a busy loop.
  assert.equal(nextScheduleTimeDuration(state({ last: '2024-01-01T00:05:00Z' }), at('2024-01-01T00:12:00Z'), next), 180_100);
  assert.equal(nextScheduleTimeDuration(state(), at('2024-01-01T00:00:00Z'), nextOf('0 0 31 2 *')), undefined);
});
