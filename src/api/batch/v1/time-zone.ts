// Time zones for cron schedules: IANA zones through Intl (no tz database of our own), UTC as Skiff's
// "local" zone, wall-clock fields of an instant, and Go's time.Date rule for wall times that a zone skips
// (spring forward) or repeats (fall back), which robfig/cron's next-time search inherits.

/** The wall-clock reading of an instant in a zone; month 1–12, weekday 0 (Sunday)–6. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

/** Date.UTC without its 1900 offset for years 0–99, normalizing overflowing fields as Go's time.Date does. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const fieldsOf = (ms: number): WallTime => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
};

export class TimeZone {
  /** UTC; also what Skiff uses where upstream uses the controller's local zone (a CronJob without spec.timeZone). */
  static readonly utc = new TimeZone('UTC', undefined);

  readonly name: string;
  readonly #format: Intl.DateTimeFormat | undefined;

  private constructor(name: string, format: Intl.DateTimeFormat | undefined) {
    this.name = name;
    this.#format = format;
  }

  /**
   * The zone of an IANA name; "" and "UTC" are UTC and "Local" is Skiff's local zone (UTC), as Go's
   * time.LoadLocation reads them. Throws RangeError "unknown time zone <name>" (Go's message).
   */
  static load(name: string): TimeZone {
    if (name === '' || name === 'UTC' || name === 'Local') return TimeZone.utc;
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch (e: unknown) {
      throw new RangeError(`unknown time zone ${name}`, { cause: e });
    }
    return new TimeZone(name, format);
  }

  /** The zone's offset from UTC at the instant, in milliseconds (whole seconds). */
  offsetMs(instantMs: number): number {
    if (!this.#format) return 0;
    const seconds = Math.floor(instantMs / 1000) * 1000;
    const parts: Record<string, string> = {};
    for (const p of this.#format.formatToParts(seconds)) parts[p.type] = p.value;
    const year = parts['era'] === 'BC' ? 1 - Number(parts['year']) : Number(parts['year']);
    return utcMs(year, Number(parts['month']), Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second'])) - seconds;
  }

  wall(instantMs: number): WallTime {
    return fieldsOf(instantMs + this.offsetMs(instantMs));
  }

  /**
   * The instant of a wall-clock reading, as Go's time.Date computes it: overflowing fields carry over
   * (the 32nd of a month is the 1st or 2nd of the next); a reading the zone skips or repeats resolves by
   * taking the offset in force at (reading as UTC − the offset in force at the reading as UTC).
   */
  instant(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const asUtc = utcMs(year, month, day, hour, minute, second);
    return asUtc - this.offsetMs(asUtc - this.offsetMs(asUtc));
  }
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** RFC 3339 in the zone, as Go formats time.RFC3339: "2024-03-10T01:30:00-05:00", "Z" for a zero offset. */
export function formatRfc3339(instantMs: number, zone: TimeZone): string {
  const offset = zone.offsetMs(instantMs);
  const w = fieldsOf(instantMs + offset);
  const minutes = Math.trunc(offset / 60_000);
  const suffix = minutes === 0 ? 'Z' : `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${suffix}`;
}
