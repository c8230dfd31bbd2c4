// DaemonSet history decisions (upstream constructHistory, dedupCurHistories and cleanupHistory): revisions
// `<ds>-<hash>` labelled controller-revision-hash and annotated like the DaemonSet (kubectl rollout history
// shows their change-cause); duplicates of the current template; which old revisions to prune. Pure; the
// shared mechanism is client/controller/history.ts, history-control.ts performs the writes.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { newRevision, sameTemplate, sortRevisions, type Revision } from '../../client/index.js';
import { daemonSetOwner, revisionHashLabel, type DaemonSetObject } from './daemon-pod.js';

/** The revision of the DaemonSet's current template. */
export const newDaemonRevision = (ds: DaemonSetObject, revision: number, collisionCount = 0): Revision =>
  newRevision(daemonSetOwner(ds), ds.spec?.template, revision, { hashLabel: revisionHashLabel, collisionCount, ...(ds.metadata.annotations ? { annotations: ds.metadata.annotations } : {}) });

/** A revision's hash: its label (every revision this controller writes has it), else its name. */
export const hashOf = (r: Revision): string => r.metadata.labels?.[revisionHashLabel] ?? r.metadata.name;

/**
 * Several revisions holding the current template (a collision count raised, revisions adopted): the one with
 * the highest number stays, the others go, and pods labelled with their hashes are relabelled to the kept hash.
 */
export function duplicateRevisions(ds: DaemonSetObject, revisions: readonly Revision[]): { keep: Revision; duplicates: Revision[] } | undefined {
  const candidate = newDaemonRevision(ds, 0);
  const matches = revisions.filter((r) => sameTemplate(r, candidate));
  if (matches.length < 2) return undefined;
  const keep = matches.reduce((a, b) => (b.revision >= a.revision ? b : a));
  return { keep, duplicates: matches.filter((r) => r !== keep) };
}

/**
 * Old revisions to delete, oldest first: as many as exceed revisionHistoryLimit, skipping those a pod (even a
 * finished one) is still labelled with. Upstream counts the skipped ones against the excess too.
 */
export function revisionsToPrune(ds: DaemonSetObject, old: readonly Revision[], pods: readonly Pod[]): Revision[] {
  let excess = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (excess <= 0) return [];
  const live = new Set(pods.map((p) => p.metadata?.labels?.[revisionHashLabel]).filter((h) => h));
  const out: Revision[] = [];
  for (const r of sortRevisions(old)) {
    if (excess <= 0) break;
    if (live.has(hashOf(r))) continue;
    out.push(r);
    excess--;
  }
  return out;
}
