// printers: server-side Table columns and cells for kubectl get (upstream printers, per kind).
import type { TablePrinter } from './columns.js';
import { corePrinters } from './core-printers.js';
import { workloadPrinters } from './workload-printers.js';
import { defaultPrinter, otherPrinters, policyPrinters } from './other-printers.js';

export type { ColumnDefinition, TablePrinter } from './columns.js';
export { humanDuration, translateTimestampSince } from './human-duration.js';

const all: Record<string, TablePrinter> = { ...workloadPrinters, ...otherPrinters, ...policyPrinters };
for (const [k, p] of Object.entries(corePrinters)) all[`/${k}`] = p;

/** The printer for a kind; upstream's default (Name, Created At) for kinds without one. */
export function printerFor(group: string, kind: string): TablePrinter {
  return all[`${group}/${kind}`] ?? defaultPrinter;
}
