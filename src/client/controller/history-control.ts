// Revision writes (shared by the StatefulSet and DaemonSet controllers): create the update revision (retrying
// with a higher collisionCount on a hash-name collision), renumber a revision for a rollback, delete history.
import { isAlreadyExists, isNotFound, lookupResource } from '../../api/index.js';
import type { Client } from '../rest/client.js';
import type { Owner } from './ownership.js';
import { nextRevisionNumber, planUpdateRevision, sameTemplate, type Revision } from './history.js';

const revisionsR = lookupResource('apps', 'v1', 'controllerrevisions')!;

/**
 * The owner's update revision, written if needed. build(revision, collisionCount) makes the revision of the
 * owner's current template. A name taken by another template, or by a revision the owner does not control,
 * raises collisionCount until a free name is found; the caller records the returned count in its status.
 * Throws on any other API error (retry the sync).
 */
export async function ensureUpdateRevision(client: Client, owner: Owner, revisions: readonly Revision[], options: { collisionCount: number; build: (revision: number, collisionCount: number) => Revision }): Promise<{ update: Revision; collisionCount: number }> {
  let { collisionCount } = options;
  const next = nextRevisionNumber(revisions);
  const plan = planUpdateRevision(revisions, options.build(next, collisionCount));
  if (plan.kind === 'existing') return { update: plan.revision, collisionCount };
  if (plan.kind === 'bump') {
    const updated = await client.update(revisionsR, { ...plan.revision, revision: plan.to });
    return { update: updated as Revision, collisionCount };
  }
  for (let candidate = plan.revision; ; candidate = options.build(next, collisionCount)) {
    try {
      return { update: await client.create(revisionsR, owner.metadata.namespace, candidate) as Revision, collisionCount };
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await client.get<Revision>(revisionsR, owner.metadata.namespace, candidate.metadata.name);
      const owned = (existing.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
      if (owned && sameTemplate(existing, candidate)) return { update: existing, collisionCount };
      collisionCount++;
    }
  }
}

/** Deletes the revisions; one already gone is no error. */
export async function deleteRevisions(client: Client, revisions: readonly Revision[]): Promise<void> {
  for (const r of revisions) {
    await client.delete(revisionsR, r.metadata.namespace ?? '', r.metadata.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }
}
