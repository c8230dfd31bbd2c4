// The Table column contract (meta.k8s.io/v1 TableColumnDefinition) and the column builders every
// per-group printer file uses; printers are pure: object + clock reading in, cells out.
import { translateTimestampSince } from './human-duration.js';

export interface ColumnDefinition { name: string; type: string; format: string; description: string; priority: number }

/**
 * How one kind prints in `kubectl get`. `cells` returns one cell per column, in column order, always
 * including the priority-1 (wide) cells, as upstream does for server-side printing. It never throws on
 * missing fields (they print as upstream prints zero values) and does not mutate `obj`.
 */
export interface TablePrinter { readonly columns: readonly ColumnDefinition[]; cells(obj: Record<string, unknown>, now: Date): unknown[] }

/** Printers keyed by GroupKind string: `Pod`, `Deployment.apps`, `Lease.coordination.k8s.io`. */
export type PrinterSet = Readonly<Record<string, TablePrinter>>;

export function groupKindKey(group: string, kind: string): string {
  return group === '' ? kind : `${kind}.${group}`;
}

interface ColumnOptions { readonly type?: 'string' | 'integer' | 'boolean' | 'date' | 'number'; readonly format?: string; readonly wide?: boolean }

/** `col('IP', { wide: true })`, `col('Value', { type: 'integer' })`; wide columns have priority 1. */
export function col(name: string, o: ColumnOptions = {}): ColumnDefinition {
  return { name, type: o.type ?? 'string', format: o.format ?? '', description: '', priority: o.wide === true ? 1 : 0 };
}

export const nameColumn = col('Name', { format: 'name' });
export const ageColumn = col('Age');
export const containersColumns: readonly ColumnDefinition[] = [col('Containers', { wide: true }), col('Images', { wide: true })];

interface Named { readonly metadata?: { readonly name?: string; readonly creationTimestamp?: string } }

export function nameOf(obj: Named): string {
  return obj.metadata?.name ?? '';
}

export function ageOf(obj: Named, now: Date): string {
  return translateTimestampSince(obj.metadata?.creationTimestamp, now);
}

/** Go's zero time, which upstream prints for an unset creationTimestamp in the Created At column. */
const zeroTime = '0001-01-01T00:00:00Z';

/** The generic printer upstream uses for kinds without their own (Role, ClusterRole, LimitRange, CRDs). */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn, col('Created At', { type: 'date' })],
  cells(obj) {
    const o = obj as Named;
    const t = Date.parse(o.metadata?.creationTimestamp ?? '');
    return [nameOf(o), Number.isNaN(t) ? zeroTime : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};
