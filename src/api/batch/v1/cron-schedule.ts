// A parser for standard 5-field cron schedules and @descriptors with robfig/cron's semantics and error
// texts (upstream CronJob validation reports them verbatim): the allowed values per field, the "star" bits
// that decide how day-of-month and day-of-week combine, descriptors expanded, @every's delay.
// Next-time evaluation is cron-next.ts.
import { errorMessage } from '../../../util/index.js';
import { parseGoDuration } from '../../../util/index.js';

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const days: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const fieldBounds: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: days },
];

/** A parsed schedule. */
export interface CronSchedule {
  /** Minute, hour, day of month, month, day of week: the allowed values, ascending (descriptors expanded; empty for @every). */
  readonly fields: readonly (readonly number[])[];
  /**
   * robfig's star bits: the day-of-month (day-of-week) field was "*" or "?" with no step above 1. When either is
   * set a day must match both fields, otherwise either ("0 0 1 * MON": the 1st and every Monday).
   */
  readonly domStar: boolean;
  readonly dowStar: boolean;
  /** "@every <duration>": the delay in milliseconds (whole seconds, at least one second). */
  readonly everyMs?: number;
}

interface ParsedField { values: Set<number>; star: boolean }

function parseInt10(s: string, expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new SyntaxError(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new RangeError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseValue(s: string, b: Bounds, expr: string): number {
  const named = b.names?.[s.toLowerCase()];
  return named ?? parseInt10(s, expr);
}

/** One comma-separated part ("*", "5", "1-5", "*\/15", "5/20"), checked in robfig's order. */
function parseRange(expr: string, b: Bounds, into: ParsedField): void {
  const slash = expr.split('/');
  const hyphen = (slash[0] ?? '').split('-');
  const first = hyphen[0] ?? '';
  let star = first === '*' || first === '?';
  let start = b.min;
  let end = b.max;
  if (!star) {
    start = parseValue(first, b, expr);
    if (hyphen.length > 2) throw new SyntaxError(`too many hyphens: ${expr}`);
    end = hyphen.length === 2 ? parseValue(hyphen[1] ?? '', b, expr) : start;
  }
  if (slash.length > 2) throw new SyntaxError(`too many slashes: ${expr}`);
  let step = 1;
  if (slash.length === 2) {
    step = parseInt10(slash[1] ?? '', expr);
    if (hyphen.length === 1) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  }
  if (start < b.min) throw new RangeError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new RangeError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new RangeError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new RangeError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  into.star ||= star;
}

function parseField(field: string, b: Bounds): ParsedField {
  const out: ParsedField = { values: new Set(), star: false };
  // Empty parts are skipped ("1,,2" is "1,2"), as Go's strings.FieldsFunc splits.
  for (const expr of field.split(',')) if (expr !== '') parseRange(expr, b, out);
  return out;
}

const all = (i: number): ParsedField => {
  const b = fieldBounds[i] ?? { min: 0, max: 0 };
  const values = new Set<number>();
  for (let v = b.min; v <= b.max; v++) values.add(v);
  return { values, star: true };
};
const only = (v: number): ParsedField => ({ values: new Set([v]), star: false });

/** robfig's descriptors as the fields they stand for (seconds are always 0). */
const descriptors: Readonly<Record<string, () => ParsedField[]>> = {
  '@yearly': () => [only(0), only(0), only(1), only(1), all(4)],
  '@annually': () => [only(0), only(0), only(1), only(1), all(4)],
  '@monthly': () => [only(0), only(0), only(1), all(3), all(4)],
  '@weekly': () => [only(0), only(0), all(2), all(3), only(0)],
  '@daily': () => [only(0), only(0), all(2), all(3), all(4)],
  '@midnight': () => [only(0), only(0), all(2), all(3), all(4)],
  '@hourly': () => [only(0), all(1), all(2), all(3), all(4)],
};

function scheduleOf(fields: ParsedField[]): CronSchedule {
  return {
    fields: fields.map((f) => [...f.values].sort((x, y) => x - y)),
    domStar: fields[2]?.star ?? false,
    dowStar: fields[4]?.star ?? false,
  };
}

/** robfig's Every: at least a second, whole seconds. */
function everyDelayMs(ns: bigint): number {
  const second = 1_000_000_000n;
  const d = ns < second ? second : ns;
  return Number((d - (d % second)) / 1_000_000n);
}

/**
 * Parses a standard cron schedule ("*\/5 * * * *", "0 3 * * MON-FRI", "@hourly", "@every 90s").
 * Throws SyntaxError or RangeError whose message is the upstream (robfig/cron) wording.
 */
export function parseCronSchedule(spec: string): CronSchedule {
  const trimmed = spec.trim();
  if (trimmed === '') throw new SyntaxError('empty spec string');
  if (trimmed.startsWith('@')) {
    const descriptor = descriptors[trimmed];
    if (descriptor) return scheduleOf(descriptor());
    if (trimmed.startsWith('@every ')) {
      let ns: bigint;
      try {
        ns = parseGoDuration(trimmed.slice('@every '.length));
      } catch (e: unknown) {
        throw new SyntaxError(`failed to parse duration ${trimmed}: ${errorMessage(e)}`, { cause: e });
      }
      return { fields: [], domStar: false, dowStar: false, everyMs: everyDelayMs(ns) };
    }
    throw new SyntaxError(`unrecognized descriptor: ${trimmed}`);
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) throw new SyntaxError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  return scheduleOf(parts.map((p, i) => parseField(p, fieldBounds[i] ?? { min: 0, max: 0 })));
}

/** The parse error message for an invalid schedule, or undefined when it parses. */
export function cronScheduleError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e: unknown) {
    return errorMessage(e);
  }
}
