// StatefulSet revisions: the shared controller history (client/controller/history.ts) with the StatefulSet's
// hash label, and the set as it was at a revision. Pure.
import { newRevision as newOwnerRevision, templateOf, type Revision } from '../../client/index.js';
import { setOwner, type SetObject } from './identity.js';

/** The label on a StatefulSet's revisions that carries the hash (pods carry the revision name in controller-revision-hash). */
export const revisionHashLabel = 'controller.kubernetes.io/hash';

/** The revision of the set's template, named `<set>-<hash>`. */
export const newRevision = (set: SetObject, revision: number, collisionCount = 0): Revision =>
  newOwnerRevision(setOwner(set), set.spec?.template, revision, { hashLabel: revisionHashLabel, collisionCount });

/** The set as it was at a revision: its template replaced by the revision's. */
export function applyRevision(set: SetObject, revision: Revision): SetObject {
  return { ...set, spec: { ...set.spec!, template: templateOf(revision) } };
}
