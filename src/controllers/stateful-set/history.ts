// StatefulSet history decisions (upstream getStatefulSetRevisions and truncateHistory): which revision is
// current, and which old revisions to prune. Pure; the update revision comes from the shared history
// (client/controller/history.ts), history-control.ts writes it.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { sortRevisions, type Revision } from '../../client/index.js';
import type { SetObject } from './identity.js';
import { podRevision } from './identity.js';

/** The current revision: the one status.currentRevision names, else (a new set) the update revision. */
export function currentRevisionOf(set: SetObject, revisions: readonly Revision[], update: Revision): Revision {
  const name = set.status?.currentRevision;
  return revisions.find((r) => r.metadata.name === name) ?? update;
}

/** Revisions to delete, oldest first: not live (current, update, or named by a pod) and beyond revisionHistoryLimit. */
export function revisionsToPrune(set: SetObject, revisions: readonly Revision[], current: string, update: string, pods: readonly Pod[]): Revision[] {
  const live = new Set([current, update, ...pods.map(podRevision)]);
  const history = sortRevisions(revisions).filter((r) => !live.has(r.metadata.name));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  return history.length <= limit ? [] : history.slice(0, history.length - limit);
}
