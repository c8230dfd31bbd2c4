// serverSideApply: merge an applied configuration into the live object, record it as the applier's field set,
// prune what the applier stopped applying, and refuse (409) to change fields other managers own unless forced.
import { badRequest } from '../errors.js';
import type { KubeObject } from '../meta/kind-rules.js';
import type { PatchMeta } from '../patch/patch-meta.js';
import { compareObjects, deepEqual } from './compare.js';
import { conflictError, type Conflict } from './conflict.js';
import { FieldSet } from './field-set.js';
import { decodeManagedFields, encodeManagedFields, managerId, newManager, rfc3339, type Managed } from './managed-fields.js';
import { mergeValues } from './merge.js';
import { isObj, isTrackedTop, partOf, PathError, type Part } from './path.js';
import { prune } from './prune.js';
import { fieldSetOf } from './to-field-set.js';

export interface ApplyOptions {
  /** The field manager (`?fieldManager=`); required for apply. */
  manager: string;
  /** `?force=true`: take ownership of conflicting fields instead of failing. */
  force: boolean;
  /** Shape of the kind being applied (api/schema's patchMetaFor). */
  meta: PatchMeta;
  /** Version of the request, e.g. `apps/v1`; the applied object must carry the same. */
  apiVersion: string;
  now: Date;
  /** 'status' applies to status only; other subresources (scale) apply to everything but status. */
  subresource?: string;
}

/**
 * Applies `applied` for `opts.manager` and returns a new object whose metadata.managedFields hold the
 * applier's field set. `live` undefined means create-on-apply. Inputs are not mutated. Re-applying the
 * same configuration returns an object equal to `live`.
 * Throws ApiError 409 Conflict (causes of reason FieldManagerConflict) when the apply would change a field
 * another manager owns and force is false; 400 BadRequest for a malformed configuration. Live managedFields that
 * cannot be decoded are ignored, as upstream does.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  const part = partOf(opts.subresource);
  const config = checkConfig(applied, opts, part);
  // upstream emptyManagedFieldsOnErr: live managedFields that cannot be decoded count as none (the object's fields
  // are then adopted as before-first-apply), rather than making the object unappliable.
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.['managedFields']);
  } catch (e: unknown) {
    if (!(e instanceof TypeError)) throw e;
    managed = new Map();
  }
  const base = withoutManagedFields(live);
  try {
    if (live !== undefined && managed.size === 0) adoptExistingFields(base, managed, opts, part);
    return applyTo(base, live === undefined, config, managed, opts, part);
  } catch (e: unknown) {
    if (e instanceof PathError) throw badRequest(e.message);
    throw e;
  }
}

function applyTo(base: KubeObject, creating: boolean, config: KubeObject, managed: Managed, opts: ApplyOptions, part: Part): KubeObject {
  const appliedSet = fieldSetOf(config, opts.meta, part);
  const id = managerId(opts.manager, 'Apply', opts.apiVersion, opts.subresource);
  const previous = managed.get(id);
  const mine = newManager(opts.manager, 'Apply', opts.apiVersion, opts.subresource);
  mine.set = appliedSet;
  if (previous?.time !== undefined) mine.time = previous.time;
  managed.set(id, mine);

  const merged = mergeValues(structuredClone(base), config, opts.meta) as KubeObject;
  if (previous && !previous.set.isEmpty()) prune(merged, previous.set, ownedByAll(managed), opts.meta);

  const cmp = compareObjects(base, merged, opts.meta, part);
  // A null in the configuration removes a field: that is a change like any other for its owners.
  const changed = cmp.modified.union(cmp.added).union(cmp.removed.intersection(appliedSet));
  const conflicts: Conflict[] = [];
  for (const [otherId, other] of [...managed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (otherId === id) continue;
    for (const path of other.set.intersection(changed).sorted()) conflicts.push({ id: otherId, owner: other, path });
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts);
  for (const [otherId, other] of managed) {
    if (otherId !== id) other.set = other.set.difference(changed).difference(cmp.removed);
  }

  const isNoop = !creating && deepEqual(base, merged);
  if (!isNoop || previous === undefined) mine.time = rfc3339(opts.now);
  const out = isNoop ? base : merged;
  const meta = { ...(out.metadata ?? {}) };
  const entries = encodeManagedFields(managed);
  if (entries) meta['managedFields'] = entries;
  return { ...out, metadata: meta };
}

/** Upstream's "before-first-apply": fields of an object that has no managedFields yet belong to that Update manager. */
function adoptExistingFields(base: KubeObject, managed: Managed, opts: ApplyOptions, part: Part): void {
  const cmp = compareObjects(undefined, base, opts.meta, part);
  const m = newManager('before-first-apply', 'Update', opts.apiVersion);
  m.set = cmp.added.union(cmp.modified);
  m.time = rfc3339(opts.now);
  if (!m.set.isEmpty()) managed.set(managerId(m.manager, 'Update', opts.apiVersion), m);
}

function ownedByAll(managed: Managed): FieldSet {
  let all = new FieldSet();
  for (const m of managed.values()) all = all.union(m.set);
  return all;
}

function checkConfig(applied: KubeObject, opts: ApplyOptions, part: Part): KubeObject {
  if (!isObj(applied)) throw badRequest('the applied configuration must be an object');
  if (applied.apiVersion !== opts.apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${opts.apiVersion}`);
  }
  if (applied.metadata !== undefined && !isObj(applied.metadata)) throw badRequest('metadata must be an object');
  const mf = applied.metadata?.['managedFields'];
  if (mf !== undefined && mf !== null) throw badRequest('metadata.managedFields must be nil');
  // Fields of the other part are reset by the strategy upstream; here they are simply not applied.
  const config: KubeObject = {};
  for (const [k, v] of Object.entries(applied)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || isTrackedTop(k, part)) config[k] = v;
  }
  return structuredClone(config);
}

function withoutManagedFields(obj: KubeObject | undefined): KubeObject {
  if (!obj) return {};
  if (obj.metadata === undefined || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...rest } = obj.metadata;
  return { ...obj, metadata: rest };
}
