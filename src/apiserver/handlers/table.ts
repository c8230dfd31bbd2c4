// Server-side Table rendering (meta.k8s.io/v1 Table) for kubectl get, from the api/printers column sets.
import { badRequest, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { printerFor, type TablePrinter } from '../../api/printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`);
  return v;
}

export function partialObjectMetadata(obj: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

function rowObject(obj: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return partialObjectMetadata(obj);
}

export interface TableOptions {
  readonly include: IncludeObject;
  readonly now: Date;
  readonly noHeaders?: boolean;
  readonly resourceVersion?: string;
  readonly continueToken?: string;
  readonly remainingItemCount?: number;
}

export function toTable(desc: ResourceDescriptor, objs: readonly KubeObject[], opts: TableOptions): KubeObject {
  return tableOf(desc.printer ?? printerFor(desc.group, desc.kind), objs, opts);
}

/** A meta.k8s.io/v1 Table of `objs` printed by `printer`. */
export function tableOf(printer: TablePrinter, objs: readonly KubeObject[], opts: TableOptions): KubeObject {
  const rows = objs.map((o) => {
    const row: Record<string, unknown> = { cells: printer.cells(o, opts.now) };
    const ro = rowObject(o, opts.include);
    if (ro) row['object'] = ro;
    return row;
  });
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion !== undefined) metadata['resourceVersion'] = opts.resourceVersion;
  if (opts.continueToken) metadata['continue'] = opts.continueToken;
  if (opts.remainingItemCount !== undefined) metadata['remainingItemCount'] = opts.remainingItemCount;
  const table: KubeObject = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata };
  if (!opts.noHeaders) table['columnDefinitions'] = printer.columns;
  table['rows'] = rows;
  return table;
}
