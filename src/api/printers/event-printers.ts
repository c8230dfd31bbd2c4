// Event printers: core/v1 Event, and events.k8s.io/v1 Event mapped onto the core shape first, as upstream
// converts both to the same internal type before printing (kubectl-compat.md §3.10).
import { eventsV1ToCoreEvent } from '../events/v1/index.js';
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1.js';
import { col, nameOf, type PrinterSet, type TablePrinter } from './columns.js';
import { timestampMs, translateTimestampSince } from './human-duration.js';


function sourceCell(e: Partial<CoreEvent>): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host === '' ? component : `${component}, ${host}`;
}

/** Last Seen, Type, Reason, Object, Subobject (w), Source (w), Message, First Seen (w), Count (w), Name (w). */
export function eventCells(e: Partial<CoreEvent>, now: Date): unknown[] {
  const firstSeen = timestampMs(e.firstTimestamp) !== undefined ? translateTimestampSince(e.firstTimestamp, now) : translateTimestampSince(e.eventTime, now);
  let lastSeen = timestampMs(e.lastTimestamp) !== undefined ? translateTimestampSince(e.lastTimestamp, now) : firstSeen;
  let count = e.count ?? 0;
  if (e.series) {
    lastSeen = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const io = e.involvedObject ?? {};
  const kind = (io.kind ?? '').toLowerCase();
  const target = io.name ? `${kind}/${io.name}` : kind;
  return [lastSeen, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', sourceCell(e), (e.message ?? '').trim(), firstSeen, count, nameOf(e)];
}

// Event is the one kind whose wide columns are interleaved with the normal ones.
const eventColumns = [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', { wide: true }), col('Source', { wide: true }),
  col('Message'), col('First Seen', { wide: true }), col('Count', { wide: true }), col('Name', { format: 'name', wide: true })];

const coreEventPrinter: TablePrinter = { columns: eventColumns, cells: (obj, now) => eventCells(obj as Partial<CoreEvent>, now) };

export const eventPrinters: PrinterSet = {
  Event: coreEventPrinter,
  'Event.events.k8s.io': { columns: eventColumns, cells: (obj, now) => eventCells(eventsV1ToCoreEvent(obj) as Partial<CoreEvent>, now) },
};
