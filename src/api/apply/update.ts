// updateManagedFields: managedFields bookkeeping for every non-apply write (create, update, patch): the
// fields a write changed move to its manager's Update entry and leave every other manager's set.
import type { KubeObject } from '../meta/kind-rules.js';
import type { PatchMeta } from '../patch/patch-meta.js';
import { compareObjects } from './compare.js';
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, newManager, rfc3339, type Managed } from './managed-fields.js';
import { isObj, partOf, PathError } from './path.js';

export interface UpdateOptions {
  /** The field manager (`?fieldManager=`, else derived from the user agent by the caller). */
  manager: string;
  meta: PatchMeta;
  /** Version of the request, e.g. `apps/v1`. Update entries are kept per version, as upstream. */
  apiVersion: string;
  now: Date;
  operation?: 'Update';
  /** 'status' tracks everything but spec; other values track everything but status. */
  subresource?: string;
}

/**
 * Returns `newObj` (shallow-copied; nothing is mutated) with metadata.managedFields updated for this write.
 * `oldObj` undefined means create. Never throws: when the fields cannot be computed, the old managedFields
 * are kept, as upstream's UpdateNoErrors does.
 *
 * As upstream: managedFields sent in `newObj` replace the live ones (an empty list resets them; ignored on
 * subresources), and an existing object without managedFields stays untracked until someone applies.
 */
export function updateManagedFields(oldObj: KubeObject | undefined, newObj: KubeObject, opts: UpdateOptions): KubeObject {
  const oldMf = oldObj?.metadata?.['managedFields'];
  try {
    const managed = liveOrNew(oldObj, newObj, opts.subresource !== undefined && opts.subresource !== '');
    const creating = oldObj === undefined || !oldObj.metadata?.['uid'];
    if (managed.size === 0 && !creating) return withManagedFields(newObj, undefined);
    track(oldObj, newObj, managed, opts);
    capUpdateManagers(managed);
    return withManagedFields(newObj, encodeManagedFields(managed));
  } catch (e: unknown) {
    if (!(e instanceof PathError) && !(e instanceof TypeError)) throw e;
    return withManagedFields(newObj, oldMf);
  }
}

function track(oldObj: KubeObject | undefined, newObj: KubeObject, managed: Managed, opts: UpdateOptions): void {
  const cmp = compareObjects(oldObj, newObj, opts.meta, partOf(opts.subresource));
  const changed = cmp.modified.union(cmp.added);
  const id = managerId(opts.manager || 'unknown', 'Update', opts.apiVersion, opts.subresource);
  for (const [otherId, other] of managed) {
    if (otherId !== id) other.set = other.set.difference(changed).difference(cmp.removed);
  }
  if (changed.isEmpty() && !managed.has(id)) return;
  const mine = managed.get(id) ?? newManager(opts.manager || 'unknown', 'Update', opts.apiVersion, opts.subresource);
  mine.set = mine.set.difference(cmp.removed).union(changed);
  if (!changed.isEmpty()) mine.time = rfc3339(opts.now);
  managed.set(id, mine);
}

/** Upstream's decodeLiveOrNew: the request's managedFields win when valid, `[]` resets, subresources use live's. */
function liveOrNew(oldObj: KubeObject | undefined, newObj: KubeObject, isSubresource: boolean): Managed {
  const live = (): Managed => {
    try {
      return decodeManagedFields(oldObj?.metadata?.['managedFields']);
    } catch (e: unknown) {
      if (e instanceof TypeError) return new Map();
      throw e;
    }
  };
  if (isSubresource) return live();
  const sent = newObj.metadata?.['managedFields'];
  if (Array.isArray(sent) && (sent.length === 0 || (sent.length === 1 && isObj(sent[0]) && Object.keys(sent[0]).length === 0))) return new Map();
  try {
    const m = decodeManagedFields(sent);
    if (m.size > 0) return m;
  } catch (e: unknown) {
    if (!(e instanceof TypeError)) throw e;
  }
  return live();
}

function withManagedFields(obj: KubeObject, mf: unknown): KubeObject {
  const meta: Record<string, unknown> = { ...(obj.metadata ?? {}) };
  if (mf === undefined || (Array.isArray(mf) && mf.length === 0)) delete meta['managedFields'];
  else meta['managedFields'] = mf;
  return { ...obj, metadata: meta };
}
