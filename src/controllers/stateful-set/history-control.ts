// The StatefulSet's update revision, written through the shared revision writes (client/controller/history-control.ts).
import { ensureUpdateRevision as ensureOwnerRevision, type Client, type Revision } from '../../client/index.js';
import { setOwner, type SetObject } from './identity.js';
import { newRevision } from './revision.js';

export function ensureUpdateRevision(client: Client, set: SetObject, revisions: readonly Revision[]): Promise<{ update: Revision; collisionCount: number }> {
  return ensureOwnerRevision(client, setOwner(set), revisions, { collisionCount: set.status?.collisionCount ?? 0, build: (n, c) => newRevision(set, n, c) });
}
