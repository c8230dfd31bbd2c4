// Text forms Go's encoding/json gives apimachinery values: metav1.Time / MicroTime (RFC3339 in UTC) and
// metav1.Duration (time.Duration.String()). Pure functions used by the protobuf → JSON conversion.

/** RFC3339 at second precision, as metav1.Time marshals ("2024-01-02T03:04:05Z"). */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC3339 with six fractional digits, as metav1.MicroTime marshals ("2024-01-02T03:04:05.123456Z"). */
export function formatMicroTime(seconds: number, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}

/** `value / unit` with the remainder as a decimal fraction, trailing zeros trimmed ("1.5", "2"). */
function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

const second = 1_000_000_000n;
const minute = 60n * second;
const hour = 60n * minute;

/** Go's time.Duration.String() for a count of nanoseconds ("1h0m0s", "1m30.5s", "150ms", "0s"). */
export function formatDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const u = nanos < 0n ? -nanos : nanos;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 1000n)}µs`;
  if (u < second) return `${sign}${fraction(u, 1_000_000n)}ms`;
  const h = u / hour;
  const m = (u % hour) / minute;
  let text = `${fraction(u % minute, second)}s`;
  if (h > 0n || m > 0n) text = `${m}m${text}`;
  if (h > 0n) text = `${h}h${text}`;
  return sign + text;
}
