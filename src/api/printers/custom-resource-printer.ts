// The Table of a custom resource (upstream apiextensions-apiserver tableconvertor): Name, then the version's
// additionalPrinterColumns (Age from .metadata.creationTimestamp when it declares none). A column shows the
// first value its jsonPath finds, as its type: integer, number and boolean as JSON values, date as an age,
// string as text (objects and lists as JSON); a value of another type, or none, is an empty cell.
import { col, nameColumn, nameOf, type ColumnDefinition, type TablePrinter } from './columns.js';
import { translateTimestampSince } from './human-duration.js';
import { compileJsonPath, type JsonPath } from './json-path.js';

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

const defaultColumns: readonly PrinterColumn[] = [{
  name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
}];

function cell(type: string, value: unknown, now: Date): unknown {
  switch (type) {
    case 'integer': return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'date': return typeof value === 'string' ? (Number.isNaN(Date.parse(value)) ? '<invalid>' : translateTimestampSince(value, now)) : null;
    default: return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export function customResourcePrinter(declared: readonly PrinterColumn[]): TablePrinter {
  const columns = declared.length ? declared : defaultColumns;
  const paths: (JsonPath | undefined)[] = columns.map((c) => { try { return compileJsonPath(c.jsonPath); } catch { return undefined; } });
  const definitions: ColumnDefinition[] = [nameColumn, ...columns.map((c) => ({ ...col(c.name, { type: c.type as 'string' }), format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }))];
  return {
    columns: definitions,
    cells(obj, now) {
      return [nameOf(obj as { metadata?: { name?: string } }), ...columns.map((c, i) => {
        const found = paths[i]?.find(obj) ?? [];
        return found.length === 0 || found[0] === undefined || found[0] === null ? null : cell(c.type, found[0], now);
      })];
    },
  };
}
