// managedFields bookkeeping: which manager owns which fields, updated on every write (operation Update).
import type { KubeObject } from '../meta/kind-rules.js';
import type { PatchMeta } from '../patch/patch-meta.js';
import { fromFieldsV1, leavesOf, toFieldsV1 } from './field-set.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** An entry with its field set decoded. */
export interface Ownership {
  entry: ManagedFieldsEntry;
  set: Set<string>;
}

export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function readOwnership(obj: KubeObject | undefined): Ownership[] {
  const mf = (obj?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(mf)) return [];
  return mf.filter((e): e is ManagedFieldsEntry => e !== null && typeof e === 'object' && typeof (e as ManagedFieldsEntry).manager === 'string')
    .map((entry) => ({ entry, set: fromFieldsV1(entry.fieldsV1) }));
}

/** Writes ownership back into obj.metadata.managedFields, dropping empty sets. Mutates obj. */
export function writeOwnership(obj: KubeObject, owners: readonly Ownership[]): KubeObject {
  const list = owners.filter((o) => o.set.size > 0).map((o) => ({ ...o.entry, fieldsV1: toFieldsV1(o.set) }));
  const meta = (obj.metadata ??= {}) as Record<string, unknown>;
  if (list.length) meta['managedFields'] = list;
  else delete meta['managedFields'];
  return obj;
}

export function findOrAdd(owners: Ownership[], manager: string, operation: 'Apply' | 'Update', subresource: string | undefined, apiVersion: string, now: Date): Ownership {
  let o = owners.find((x) => x.entry.manager === manager && x.entry.operation === operation && (x.entry.subresource ?? '') === (subresource ?? ''));
  if (!o) {
    const entry: ManagedFieldsEntry = { manager, operation, apiVersion, time: rfc3339(now), fieldsType: 'FieldsV1', fieldsV1: {} };
    if (subresource) entry.subresource = subresource;
    o = { entry, set: new Set() };
    owners.push(o);
  }
  return o;
}

export interface UpdateOptions {
  manager: string;
  meta: PatchMeta;
  apiVersion: string;
  now: Date;
  operation?: 'Update';
  subresource?: string;
}

/** Gives the fields that changed between oldObj and newObj to the manager; returns newObj (mutated). */
export function updateManagedFields(oldObj: KubeObject | undefined, newObj: KubeObject, opts: UpdateOptions): KubeObject {
  const part = opts.subresource === 'status' ? 'status' : 'main';
  const before = oldObj ? leavesOf(oldObj, opts.meta, part) : new Map<string, string>();
  const after = leavesOf(newObj, opts.meta, part);
  const changed: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) changed.push(p);
  const removed: string[] = [];
  for (const p of before.keys()) if (!after.has(p)) removed.push(p);
  const owners = readOwnership(oldObj ?? newObj);
  if (changed.length === 0 && removed.length === 0 && oldObj) return writeOwnership(newObj, owners);
  for (const o of owners) {
    for (const p of changed) o.set.delete(p);
    for (const p of removed) o.set.delete(p);
  }
  if (changed.length) {
    const mine = findOrAdd(owners, opts.manager, 'Update', opts.subresource, opts.apiVersion, opts.now);
    for (const p of changed) mine.set.add(p);
    mine.entry.time = rfc3339(opts.now);
    mine.entry.apiVersion = opts.apiVersion;
  }
  return writeOwnership(newObj, owners);
}
