// Revision writes: create the update revision (retrying with a higher collisionCount on a hash-name
// collision), renumber a revision for a rollback, delete pruned history.
import { isAlreadyExists, isNotFound, lookupResource } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import type { SetObject } from './identity.js';
import { planUpdateRevision, type Revision } from './history.js';
import { newRevision, sameTemplate } from './revision.js';

const revisionsR = lookupResource('apps', 'v1', 'controllerrevisions')!;

export async function ensureUpdateRevision(client: Client, set: SetObject, revisions: readonly Revision[]): Promise<{ update: Revision; collisionCount: number }> {
  let collisionCount = set.status?.collisionCount ?? 0;
  const plan = planUpdateRevision(set, revisions, collisionCount);
  if (plan.kind === 'existing') return { update: plan.revision, collisionCount };
  if (plan.kind === 'bump') {
    const updated = await client.update(revisionsR, { ...plan.revision, revision: plan.to });
    return { update: updated as Revision, collisionCount };
  }
  for (;;) {
    const candidate = collisionCount === (set.status?.collisionCount ?? 0) ? plan.revision : newRevision(set, plan.revision.revision, collisionCount) as Revision;
    try {
      return { update: await client.create(revisionsR, set.metadata.namespace, candidate) as Revision, collisionCount };
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await client.get<Revision>(revisionsR, set.metadata.namespace, candidate.metadata.name);
      const owned = (existing.metadata.ownerReferences ?? []).some((r) => r.uid === set.metadata.uid);
      if (owned && sameTemplate(existing, candidate)) return { update: existing, collisionCount };
      collisionCount++;
    }
  }
}

export async function deleteRevisions(client: Client, revisions: readonly Revision[]): Promise<void> {
  for (const r of revisions) {
    await client.delete(revisionsR, r.metadata.namespace ?? '', r.metadata.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }
}
