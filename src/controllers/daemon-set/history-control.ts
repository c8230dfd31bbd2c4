// DaemonSet revision writes: remove duplicates of the current template (relabelling their pods first), then
// the update revision through the shared client/controller/history-control.ts.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { deleteRevisions, ensureUpdateRevision, type Client, type Revision } from '../../client/index.js';
import { daemonSetOwner, revisionHashLabel, type DaemonSetObject } from './daemon-pod.js';
import { duplicateRevisions, hashOf, newDaemonRevision } from './history.js';

const podsR = lookupResource('', 'v1', 'pods')!;

export interface DaemonHistory {
  /** The current revision: its hash labels new pods. */
  readonly current: Revision;
  /** Every other revision of the DaemonSet. */
  readonly old: readonly Revision[];
  readonly collisionCount: number;
}

/** Throws on an API error (retry the sync). */
export async function syncHistory(client: Client, ds: DaemonSetObject, revisions: readonly Revision[], pods: readonly Pod[]): Promise<DaemonHistory> {
  let live = revisions;
  const dup = duplicateRevisions(ds, revisions);
  if (dup) {
    const stale = new Set(dup.duplicates.map(hashOf));
    for (const p of pods) {
      if (!stale.has(p.metadata?.labels?.[revisionHashLabel] ?? '')) continue;
      await client.patch(podsR, ds.metadata.namespace, p.metadata?.name ?? '', { metadata: { labels: { [revisionHashLabel]: hashOf(dup.keep) } } }, 'merge')
        .catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    }
    await deleteRevisions(client, dup.duplicates);
    live = revisions.filter((r) => !dup.duplicates.includes(r));
  }
  const { update, collisionCount } = await ensureUpdateRevision(client, daemonSetOwner(ds), live, {
    collisionCount: ds.status?.collisionCount ?? 0, build: (n, c) => newDaemonRevision(ds, n, c),
  });
  return { current: update, old: live.filter((r) => r.metadata.name !== update.metadata.name), collisionCount };
}
