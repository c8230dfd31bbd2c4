// Column definitions and small cell helpers shared by all printers.
export interface ColumnDefinition { name: string; type: string; format: string; description: string; priority: number }
export interface TablePrinter { readonly columns: readonly ColumnDefinition[]; cells(obj: Record<string, unknown>, now: Date): unknown[] }

/** `col('Name', { format: 'name' })`, `col('IP', { wide: true })`, `col('Desired', { type: 'integer' })`. */
export function col(name: string, o: { type?: string; format?: string; wide?: boolean; description?: string } = {}): ColumnDefinition {
  return { name, type: o.type ?? 'string', format: o.format ?? '', description: o.description ?? '', priority: o.wide ? 1 : 0 };
}

export const nameCol = col('Name', { format: 'name', description: 'Name must be unique within a namespace.' });
export const ageCol = col('Age', { description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' });

export type Rec = Record<string, unknown>;
export const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const meta = (o: Rec): Rec => rec(o['metadata']);

/** `k=v,...` with sorted keys, `<none>` when empty. */
export function formatMap(m: unknown): string {
  const r = rec(m);
  const keys = Object.keys(r).sort();
  return keys.length ? keys.map((k) => `${k}=${str(r[k])}`).join(',') : '<none>';
}

/** metav1.LabelSelector as kubectl prints it. */
export function formatSelector(sel: unknown): string {
  const s = rec(sel);
  const parts: string[] = [];
  for (const k of Object.keys(rec(s['matchLabels'])).sort()) parts.push(`${k}=${str(rec(s['matchLabels'])[k])}`);
  for (const e of arr(s['matchExpressions'])) {
    const x = rec(e);
    const vals = arr(x['values']).map(str).sort().join(',');
    switch (x['operator']) {
      case 'In': parts.push(`${str(x['key'])} in (${vals})`); break;
      case 'NotIn': parts.push(`${str(x['key'])} notin (${vals})`); break;
      case 'Exists': parts.push(str(x['key'])); break;
      case 'DoesNotExist': parts.push(`!${str(x['key'])}`); break;
      default: break;
    }
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** Containers (w) and Images (w) of a pod template. */
export function templateContainers(template: unknown): [string, string] {
  const cs = arr(rec(rec(template)['spec'])['containers']).map(rec);
  return [cs.map((c) => str(c['name'])).join(','), cs.map((c) => str(c['image'])).join(',')];
}
