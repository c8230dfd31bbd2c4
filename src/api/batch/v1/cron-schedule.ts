// A parser for standard 5-field cron schedules and @descriptors, with the error texts of robfig/cron
// (which upstream CronJob validation reports verbatim). Parsing only; no next-run computation here.
import { errorMessage } from '../../../util/index.js';

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
const descriptors = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** The parsed schedule: for each of minute, hour, day-of-month, month, day-of-week the allowed values. */
export interface CronSchedule {
  readonly fields: readonly (readonly number[])[];
}

function parseInt10(s: string, expr: string): number {
  if (!/^-?[0-9]+$/.test(s)) throw new SyntaxError(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new RangeError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseValue(s: string, b: Bounds, expr: string): number {
  const named = b.names?.[s.toLowerCase()];
  return named ?? parseInt10(s, expr);
}

function parseRange(expr: string, b: Bounds): number[] {
  const slash = expr.split('/');
  if (slash.length > 2) throw new SyntaxError(`too many slashes: ${expr}`);
  const hyphen = (slash[0] ?? '').split('-');
  if (hyphen.length > 2) throw new SyntaxError(`too many hyphens: ${expr}`);
  let start: number;
  let end: number;
  const first = hyphen[0] ?? '';
  if (first === '*' || first === '?') {
    start = b.min;
    end = b.max;
  } else {
    start = parseValue(first, b, expr);
    end = hyphen.length === 2 ? parseValue(hyphen[1] ?? '', b, expr) : start;
  }
  let step = 1;
  if (slash.length === 2) {
    step = parseInt10(slash[1] ?? '', expr);
    if (step === 0) throw new RangeError(`step of range should be a positive number: ${expr}`);
    if (hyphen.length === 1 && first !== '*' && first !== '?') end = b.max; // "N/step" means N-max/step
  }
  if (start < b.min) throw new RangeError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new RangeError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new RangeError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}

/**
 * Parses a standard cron schedule ("*\/5 * * * *", "0 3 * * MON-FRI", "@hourly").
 * Throws SyntaxError or RangeError whose message is the upstream (robfig/cron) wording.
 */
export function parseCronSchedule(spec: string): CronSchedule {
  const trimmed = spec.trim();
  if (trimmed === '') throw new SyntaxError('empty spec string');
  if (trimmed.startsWith('@')) {
    if (descriptors.has(trimmed)) return { fields: [] };
    if (trimmed.startsWith('@every ')) {
      if (!/^@every\s+([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(trimmed)) {
        throw new SyntaxError(`failed to parse duration ${trimmed}: time: invalid duration "${trimmed.slice(7).trim()}"`);
      }
      return { fields: [] };
    }
    throw new SyntaxError(`unrecognized descriptor: ${trimmed}`);
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) throw new SyntaxError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const fields = parts.map((p, i) => {
    const b = fieldBounds[i] ?? { min: 0, max: 0 };
    const values = new Set<number>();
    for (const expr of p.split(',')) for (const v of parseRange(expr, b)) values.add(v);
    return [...values].sort((x, y) => x - y);
  });
  return { fields };
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
