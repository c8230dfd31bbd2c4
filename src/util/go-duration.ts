// Go's time.ParseDuration, which robfig/cron applies to "@every <duration>": the grammar
// [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ (or a bare "0"), the same arithmetic and the same error texts.

const nsPerUnit: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, 'µs': 1_000n, 'μs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const maxNs = (1n << 63n) - 1n;

/** Go's strconv quoting for the strings that appear in the messages. */
const quote = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * The duration in nanoseconds. Throws SyntaxError with Go's message ("time: invalid duration \"x\"",
 * "time: missing unit in duration \"1\"", "time: unknown unit \"d\" in duration \"1d\"").
 */
export function parseGoDuration(orig: string): bigint {
  const invalid = (): SyntaxError => new SyntaxError(`time: invalid duration ${quote(orig)}`);
  let s = orig;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s);
    const whole = m?.[1] ?? '';
    const fraction = m?.[3];
    if (whole === '' && !fraction) throw invalid();
    s = s.slice(m?.[0].length ?? 0);
    const unitLength = /^[^.0-9]*/.exec(s)?.[0].length ?? 0;
    if (unitLength === 0) throw new SyntaxError(`time: missing unit in duration ${quote(orig)}`);
    const unitName = s.slice(0, unitLength);
    s = s.slice(unitLength);
    const unit = nsPerUnit[unitName];
    if (unit === undefined) throw new SyntaxError(`time: unknown unit ${quote(unitName)} in duration ${quote(orig)}`);
    let v = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction) {
      // Go multiplies the fraction in float64 (nanosecond accurate up to hours) and truncates.
      const digits = fraction.slice(0, 18);
      v += BigInt(Math.trunc(Number(digits) * (Number(unit) / 10 ** digits.length)));
    }
    total += v;
    if (total > maxNs + 1n) throw invalid();
  }
  if (negative) return -total;
  if (total > maxNs) throw invalid();
  return total;
}

/** A duration in milliseconds (negative durations refused), or undefined when it does not parse. */
export function goDurationMs(text: string): number | undefined {
  try {
    const ns = parseGoDuration(text);
    return ns < 0n ? undefined : Number(ns) / 1e6;
  } catch {
    return undefined;
  }
}

/** Go's Duration.String() of a millisecond count: "15.032s", "1m0s", "500ms", "0s". */
export function formatGoDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0 ? '-' : '';
  let rest = Math.abs(ns);
  if (rest < 1e9) {
    const [unit, size] = rest < 1e3 ? ['ns', 1] : rest < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${neg}${trimFraction(rest / size)}${unit}`;
  }
  const h = Math.floor(rest / 3.6e12);
  rest -= h * 3.6e12;
  const m = Math.floor(rest / 6e10);
  rest -= m * 6e10;
  const s = `${trimFraction(rest / 1e9)}s`;
  return `${neg}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}`;
}

const trimFraction = (v: number): string => v.toFixed(9).replace(/\.?0+$/, '');
