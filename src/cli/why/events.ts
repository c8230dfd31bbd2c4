// The latest Events of one object, one line each in `kubectl describe`'s shape (type, reason, age with
// count, source, message), oldest first. Pure.
import type { Event } from 'kubernetes-types/core/v1.js';
import { translateTimestampSince } from '../../api/index.js';

interface Involved {
  readonly kind: string;
  readonly metadata?: { name?: string; namespace?: string; uid?: string };
}

const lastSeen = (e: Event): string => e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';
const firstSeen = (e: Event): string => e.firstTimestamp ?? e.eventTime ?? '';

/** Whether the event is about this object: kind, namespace and name, and its uid when both carry one. */
export function isEventOf(e: Event, obj: Involved): boolean {
  const io = e.involvedObject;
  if (io.kind !== obj.kind || io.name !== obj.metadata?.name || (io.namespace ?? '') !== (obj.metadata?.namespace ?? '')) return false;
  return !io.uid || !obj.metadata?.uid || io.uid === obj.metadata.uid;
}

function ageOf(e: Event, now: Date): string {
  const count = e.series?.count ?? e.count ?? 1;
  const last = translateTimestampSince(lastSeen(e), now);
  return count > 1 ? `${last} (x${count} over ${translateTimestampSince(firstSeen(e), now)})` : last;
}

/** `Events:` and the object's latest events (at most max), or nothing when it has none. */
export function eventLines(events: readonly Event[], obj: Involved, now: Date, max = 5): string[] {
  const own = events.filter((e) => isEventOf(e, obj)).sort((a, b) => (lastSeen(a) < lastSeen(b) ? -1 : lastSeen(a) > lastSeen(b) ? 1 : 0));
  if (own.length === 0) return [];
  const source = (e: Event): string => e.source?.component || e.reportingComponent || '';
  return ['Events:', ...own.slice(-max).map((e) => `  ${e.type ?? ''}  ${e.reason ?? ''}  ${ageOf(e, now)}  ${source(e)}  ${(e.message ?? '').trim()}`)];
}
