// printers: server-side Table columns and cells for `kubectl get`, one TablePrinter per kind, following
// upstream pkg/printers/internalversion. Pure functions of (object, now).
import { defaultPrinter, groupKindKey, type PrinterSet, type TablePrinter } from './columns.js';
import { admissionregistrationPrinters } from './admissionregistration-printers.js';
import { apiregistrationPrinters } from './apiregistration-printers.js';
import { appsPrinters } from './apps-printers.js';
import { autoscalingPrinters } from './autoscaling-printers.js';
import { batchPrinters } from './batch-printers.js';
import { clusterPrinters } from './cluster-printers.js';
import { corePrinters } from './core-printers.js';
import { eventPrinters } from './event-printers.js';
import { rbacPrinters } from './rbac-printers.js';
import { storagePrinters } from './storage-printers.js';
import { metricsPrinters } from './metrics-printers.js';
import { certificatesPrinters } from './certificates-printers.js';
import { snapshotPrinters } from './snapshot-printers.js';

export type { ColumnDefinition, TablePrinter } from './columns.js';
/** Upstream's default Table (Name, Created At) for kinds without a printer, aggregated APIs included. */
export { defaultPrinter } from './columns.js';
export { humanDuration, translateTimestampSince } from './human-duration.js';
export { customResourcePrinter, type PrinterColumn } from './custom-resource-printer.js';
export { compileJsonPath, JsonPathError, type JsonPath } from './json-path.js';

const printers: PrinterSet = {
  ...corePrinters, ...storagePrinters, ...eventPrinters, ...appsPrinters, ...batchPrinters,
  ...autoscalingPrinters, ...rbacPrinters, ...clusterPrinters, ...apiregistrationPrinters, ...metricsPrinters, ...certificatesPrinters,
  ...admissionregistrationPrinters, ...snapshotPrinters,
};

/** The printer for a kind (`''` is the core group); upstream's default (Name, Created At) for kinds without one. */
export function printerFor(group: string, kind: string): TablePrinter {
  return printers[groupKindKey(group, kind)] ?? defaultPrinter;
}
