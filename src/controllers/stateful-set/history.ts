// StatefulSet history decisions (upstream getStatefulSetRevisions and truncateHistory): which revision is
// the update revision (an existing one, an earlier one bumped for a rollback, or a new one), which is the
// current one, and which old revisions to prune. Pure; history-control.ts performs the writes.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SetObject } from './identity.js';
import { podRevision } from './identity.js';
import { newRevision, nextRevisionNumber, sameTemplate } from './revision.js';

export type Revision = ControllerRevision & { metadata: { name: string } };

/** Oldest first: by .revision, then creation time, then name (upstream SortControllerRevisions). */
export function sortRevisions(revisions: readonly Revision[]): Revision[] {
  return [...revisions].sort((a, b) => a.revision - b.revision
    || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')
    || a.metadata.name.localeCompare(b.metadata.name));
}

export type UpdateRevisionPlan =
  /** The newest revision already holds the template. */
  | { readonly kind: 'existing'; readonly revision: Revision }
  /** An older revision holds it: a rollback, which renumbers that revision to the next number. */
  | { readonly kind: 'bump'; readonly revision: Revision; readonly to: number }
  /** No revision holds it: create this one (on a name collision the caller retries with collisionCount+1). */
  | { readonly kind: 'create'; readonly revision: Revision };

export function planUpdateRevision(set: SetObject, revisions: readonly Revision[], collisionCount: number): UpdateRevisionPlan {
  const sorted = sortRevisions(revisions);
  const candidate = newRevision(set, nextRevisionNumber(sorted), collisionCount) as Revision;
  const equal = sorted.filter((r) => sameTemplate(r, candidate));
  const latestEqual = equal.at(-1);
  if (latestEqual && latestEqual === sorted.at(-1)) return { kind: 'existing', revision: latestEqual };
  if (latestEqual) return { kind: 'bump', revision: latestEqual, to: candidate.revision };
  return { kind: 'create', revision: candidate };
}

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
