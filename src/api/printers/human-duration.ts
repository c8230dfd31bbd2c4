// HumanDuration (apimachinery util/duration) and the AGE cell: elapsed time since an RFC 3339 timestamp.

/** Upstream's rounding-down human form of a duration: `95s`, `5m3s`, `179m`, `3h31m`, `3d4h`, `400d`, `2y3d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** Go's zero time: upstream treats it as "not set". */
const zeroTimeMs = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when it is missing, zero or unparsable. */
export function timestampMs(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) || t === zeroTimeMs ? undefined : t;
}

/** The AGE cell: HumanDuration(now - ts), or `<unknown>` when the timestamp is missing or zero. */
export function translateTimestampSince(ts: unknown, now: Date): string {
  const t = timestampMs(ts);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}
