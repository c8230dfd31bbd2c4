// Writing a controller's status: PUT /status, and on a conflict (the object moved since the cache saw it)
// once more on a fresh copy, when that copy is still the object the status was computed for.
import { isConflict, isNotFound } from '../../api/index.js';
import type { Client, ResourceRef } from '../rest/client.js';

interface Named { metadata: { name: string; namespace?: string; uid?: string; generation?: number } }

/** stillCurrent decides whether the status applies to the fresh copy (default: the same object, by uid). A deleted object is no error. */
export async function writeStatus<T extends Named>(client: Client, r: ResourceRef, obj: T, status: unknown, stillCurrent: (fresh: T) => boolean = (fresh) => fresh.metadata.uid === obj.metadata.uid): Promise<void> {
  try {
    await client.update(r, { ...obj, status }, 'status');
  } catch (e: unknown) {
    if (isNotFound(e)) return;
    if (!isConflict(e)) throw e;
    const fresh = await client.get<T>(r, obj.metadata.namespace ?? '', obj.metadata.name);
    if (stillCurrent(fresh)) await client.update(r, { ...fresh, status }, 'status');
  }
}
