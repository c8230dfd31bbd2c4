// metadata.managedFields <-> managers: one field set per (manager, operation, subresource, and apiVersion for
// Update), keyed by upstream's manager identifier; encoding sorts entries as upstream and drops empty sets.
import { FieldSet, type FieldsV1 } from './field-set.js';
import { isObj } from './path.js';

/** One entry of metadata.managedFields, with upstream's field order. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

export interface Manager {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  apiVersion: string;
  readonly subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Managers by identifier (see managerId). Insertion order is irrelevant: encoding sorts. */
export type Managed = Map<string, Manager>;

/**
 * Upstream's manager identifier: the entry without time and fields, and without apiVersion for appliers,
 * so an applier keeps one entry across versions while updaters get one per version.
 */
export function managerId(manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource?: string): string {
  const id: Record<string, string> = { manager, operation };
  if (operation === 'Update' && apiVersion) id['apiVersion'] = apiVersion;
  if (subresource) id['subresource'] = subresource;
  return JSON.stringify(id);
}

export function newManager(manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource?: string): Manager {
  return { manager, operation, apiVersion, ...(subresource ? { subresource } : {}), set: new FieldSet() };
}

/** RFC 3339 with seconds, as metav1.Time encodes: 2024-01-02T03:04:05Z. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Decodes metadata.managedFields (absent or null means none). Throws TypeError on a malformed entry. */
export function decodeManagedFields(raw: unknown): Managed {
  const out: Managed = new Map();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) throw new TypeError('Cannot decode managedFields: expected a list');
  raw.forEach((e: unknown, i) => {
    if (!isObj(e)) throw new TypeError(`Cannot decode managedFields entry ${i}: expected an object`);
    const { manager, operation, apiVersion, fieldsType, time, subresource } = e;
    if (operation !== 'Apply' && operation !== 'Update') throw new TypeError('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new TypeError('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new TypeError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new TypeError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    const name = typeof manager === 'string' ? manager : '';
    const sub = typeof subresource === 'string' && subresource !== '' ? subresource : undefined;
    const m = newManager(name, operation, apiVersion, sub);
    m.set = FieldSet.fromFieldsV1(e['fieldsV1']);
    if (typeof time === 'string') m.time = time;
    out.set(managerId(name, operation, apiVersion, sub), m);
  });
  return out;
}

/** Entries sorted as upstream (operation, time, manager, apiVersion, subresource); undefined when none. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  const list = [...managed.values()].filter((m) => !m.set.isEmpty());
  if (list.length === 0) return undefined;
  list.sort(
    (p, q) =>
      cmp(p.operation, q.operation) || cmp(p.time ?? '', q.time ?? '') || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return list.map((m) => {
    const e: ManagedFieldsEntry = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time !== undefined ? { time: m.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: m.set.toFieldsV1(),
    };
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const maxUpdateManagers = 10;
const ancientChanges = 'ancient-changes';

/**
 * Upstream's cap on Update entries: beyond `max`, the oldest updaters of each apiVersion are folded into one
 * "ancient-changes" entry per version. Mutates `managed`.
 */
export function capUpdateManagers(managed: Managed, max = maxUpdateManagers): void {
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= max) return;
  updaters.sort(([ia, a], [ib, b]) => cmp(a.time ?? '', b.time ?? '') || cmp(ia, ib));
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, m] of updaters) {
    if (count <= max) break;
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    const bucketId = managerId(ancientChanges, 'Update', m.apiVersion);
    let bucket = managed.get(bucketId);
    if (!bucket) {
      const firstManager = managed.get(first);
      managed.delete(first);
      bucket = newManager(ancientChanges, 'Update', m.apiVersion);
      if (firstManager) bucket.set = firstManager.set;
      managed.set(bucketId, bucket);
    }
    bucket.set = bucket.set.union(m.set);
    if (m.time !== undefined) bucket.time = m.time;
    managed.delete(id);
    count--;
  }
}
