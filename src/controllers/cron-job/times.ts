// Which scheduled time is due, and when to look again: upstream's mostRecentScheduleTime, nextScheduleTime and
// nextScheduleTimeDuration over a `next` function (cron-next.ts in the CronJob's zone). Pure: time comes in.

/** The schedule's next firing strictly after an instant, or undefined when there is none (robfig's zero time). */
export type NextTime = (afterMs: number) => number | undefined;

/** What the times depend on: metadata.creationTimestamp, status.lastScheduleTime, spec.startingDeadlineSeconds. */
export interface ScheduleState {
  creationMs: number;
  lastScheduleMs?: number | undefined;
  startingDeadlineSeconds?: number | undefined;
}

export type MissedSchedules = 'none' | 'few' | 'many';

export type MostRecent =
  | { earliestMs: number; mostRecentMs?: number; missed: MissedSchedules }
  | { error: string };

/** Upstream's limit on missed times before it warns (TooManyMissedTimes). */
const manyMissed = 100;
/** Requeue padding past the next time, for clock skew (upstream nextScheduleDelta). */
export const nextScheduleDeltaMs = 100;

/**
 * The latest firing in (earliest, now], where earliest is the last schedule time (else the creation time),
 * but with the deadline no earlier than now − startingDeadlineSeconds. Missed firings are counted by the
 * interval between the first two (upstream's approximation), then walked from one interval before the last.
 */
export function mostRecentScheduleTime(state: ScheduleState, nowMs: number, next: NextTime, options: { withStartingDeadline: boolean }): MostRecent {
  let earliestMs = state.lastScheduleMs ?? state.creationMs;
  if (options.withStartingDeadline && state.startingDeadlineSeconds !== undefined) {
    earliestMs = Math.max(earliestMs, nowMs - state.startingDeadlineSeconds * 1000);
  }
  const t1 = next(earliestMs);
  if (t1 !== undefined && nowMs < t1) return { earliestMs, missed: 'none' };
  const t2 = t1 === undefined ? undefined : next(t1);
  if (t1 !== undefined && t2 !== undefined && nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: 'none' };
  // An impossible date ("59 23 31 2 *") never fires: robfig's zero times are no interval at all.
  const intervalS = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || intervalS < 1) return { error: 'time difference between two schedules is less than 1 second' };
  const elapsedS = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.floor(elapsedS / intervalS) + 1;
  let mostRecentMs: number | undefined;
  for (let t = next(t1 + (missedCount - 2) * intervalS * 1000); t !== undefined && t <= nowMs; t = next(t)) mostRecentMs = t;
  const missed: MissedSchedules = missedCount > manyMissed ? 'many' : missedCount > 0 ? 'few' : 'none';
  return mostRecentMs === undefined ? { earliestMs, missed } : { earliestMs, mostRecentMs, missed };
}

export type DueTime = { scheduledMs?: number; tooManyMissed: boolean } | { error: string };

/** The scheduled time to start now, if any (startingDeadlineSeconds bounds how far back it looks). */
export function nextScheduleTime(state: ScheduleState, nowMs: number, next: NextTime): DueTime {
  const r = mostRecentScheduleTime(state, nowMs, next, { withStartingDeadline: true });
  if ('error' in r) return r;
  if (r.mostRecentMs === undefined || r.mostRecentMs > nowMs) return { tooManyMissed: false };
  return { scheduledMs: r.mostRecentMs, tooManyMissed: r.missed === 'many' };
}

/** How long until the sync after this one: the next firing after the latest due one, plus the padding. */
export function nextScheduleTimeDuration(state: ScheduleState, nowMs: number, next: NextTime): number | undefined {
  const r = mostRecentScheduleTime(state, nowMs, next, { withStartingDeadline: false });
  const from = 'error' in r ? nowMs : r.mostRecentMs ?? (r.missed === 'none' ? r.earliestMs : nowMs);
  const t = next(from);
  return t === undefined ? undefined : t + nextScheduleDeltaMs - nowMs;
}
