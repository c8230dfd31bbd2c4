// When a parsed cron schedule fires next, with robfig/cron v3's semantics as the upstream CronJob controller
// uses them: a field-by-field search on the wall clock of the zone that gives up after five years, so that
// a time a spring-forward gap skips does not fire that day and a time a fall-back repeats fires twice;
// "@every" adds its delay to the instant (sub-second part dropped).
import type { CronSchedule } from './cron-schedule.js';
import type { TimeZone } from './time-zone.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const searchYears = 5;

type Lookup = readonly boolean[];
const lookup = (values: readonly number[] | undefined): Lookup => {
  const out: boolean[] = [];
  for (const v of values ?? []) out[v] = true;
  return out;
};

interface Matchers { minute: Lookup; hour: Lookup; dom: Lookup; month: Lookup; dow: Lookup; and: boolean }

const matchersCache = new WeakMap<CronSchedule, Matchers>();
function matchersOf(s: CronSchedule): Matchers {
  let m = matchersCache.get(s);
  if (!m) {
    const [mi, h, dom, mo, dow] = s.fields;
    m = { minute: lookup(mi), hour: lookup(h), dom: lookup(dom), month: lookup(mo), dow: lookup(dow), and: s.domStar || s.dowStar };
    matchersCache.set(s, m);
  }
  return m;
}

/**
 * The first instant strictly after `afterMs` (in whole seconds) at which the schedule fires, read on the wall
 * clock of `zone`; undefined when none comes within five years ("0 0 30 2 *"), where robfig returns the zero time.
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number, zone: TimeZone): number | undefined {
  if (schedule.everyMs !== undefined) return afterMs - (((afterMs % second) + second) % second) + schedule.everyMs;
  const m = matchersOf(schedule);
  const dayMatches = (day: number, weekday: number): boolean =>
    (m.and ? m.dom[day] === true && m.dow[weekday] === true : m.dom[day] === true || m.dow[weekday] === true);

  // From the next whole second; the first time a field moves, the fields below it restart from zero.
  let t = Math.floor(afterMs / second) * second + second;
  let reset = false;
  const yearLimit = zone.wall(t).year + searchYears;
  search: for (;;) {
    let w = zone.wall(t);
    if (w.year > yearLimit) return undefined;
    while (m.month[w.month] !== true) {
      if (!reset) { reset = true; t = zone.instant(w.year, w.month, 1, 0, 0, 0); w = zone.wall(t); }
      t = zone.instant(w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
      w = zone.wall(t);
      if (w.month === 1) continue search;
    }
    while (!dayMatches(w.day, w.weekday)) {
      if (!reset) { reset = true; t = zone.instant(w.year, w.month, w.day, 0, 0, 0); w = zone.wall(t); }
      t = zone.instant(w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
      w = zone.wall(t);
      // Where midnight does not exist the day starts at 1am (or the day before at 11pm): back to midnight's hour.
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * hour;
        w = zone.wall(t);
      }
      if (w.day === 1) continue search;
    }
    while (m.hour[w.hour] !== true) {
      if (!reset) { reset = true; t = zone.instant(w.year, w.month, w.day, w.hour, 0, 0); }
      t += hour; // elapsed time: an hour a gap skips never matches, an hour a fall-back repeats matches twice
      w = zone.wall(t);
      if (w.hour === 0) continue search;
    }
    while (m.minute[w.minute] !== true) {
      if (!reset) { reset = true; t = Math.floor(t / minute) * minute; }
      t += minute;
      w = zone.wall(t);
      if (w.minute === 0) continue search;
    }
    // Seconds are always 0 in standard schedules.
    while (w.second !== 0) {
      if (!reset) { reset = true; t = Math.floor(t / second) * second; }
      t += second;
      w = zone.wall(t);
      if (w.second === 0) continue search;
    }
    return t;
  }
}
