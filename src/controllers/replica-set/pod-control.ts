// Pod control for the replica controllers: the plan's creations (slow-start batches) and deletions, under
// expectations, with upstream's events on the owner; the first failure becomes the ReplicaFailure condition.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { objectKeyOf, podFromTemplate, slowStartBatch, type Client, type EventRecorder, type Expectations, type Owner } from '../../client/index.js';
import { errorMessage, type Clock } from '../../util/index.js';
import type { ReplicaOwner } from './owner.js';

const podsR = lookupResource('', 'v1', 'pods')!;

export interface PodControlEnv {
  client: Client;
  recorder: EventRecorder;
  expectations: Expectations;
  clock: Clock;
}

/**
 * Creates plan.create pods from the owner's template and deletes plan.delete (as of their uid), expecting them
 * first; creations and deletions that fail are observed at once (they will never show). Never throws: the
 * first failure is returned (its reason and message), every other error is an event.
 */
export async function managePods(env: PodControlEnv, owner: ReplicaOwner & Owner, key: string, plan: { create: number; delete: readonly Pod[] }): Promise<{ reason: string; message: string } | undefined> {
  const { client, recorder, expectations, clock } = env;
  const { create, delete: remove } = plan;
  expectations.expect(key, create, remove.map((p) => objectKeyOf(p)), clock.nowMs());
  let failure: { reason: string; message: string } | undefined;
  // Creations in slow-start batches: a failing batch stops the rest (quota, admission errors).
  const created = await slowStartBatch(create, async () => {
    try {
      const pod = await client.create(podsR, owner.metadata.namespace, podFromTemplate(owner, owner.spec?.template));
      recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
    } catch (e: unknown) {
      expectations.creationObserved(key);
      recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      failure ??= { reason: 'FailedCreate', message: errorMessage(e) };
      throw e;
    }
  });
  // Creations never attempted will never be observed.
  for (let i = created.attempted; i < create; i++) expectations.creationObserved(key);
  await Promise.all(remove.map(async (p) => {
    try {
      await client.delete(podsR, owner.metadata.namespace, p.metadata!.name!, { preconditions: { uid: p.metadata!.uid! } });
      recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name}`);
    } catch (e: unknown) {
      expectations.deletionObserved(key, objectKeyOf(p));
      if (isNotFound(e)) return;
      recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
      failure ??= { reason: 'FailedDelete', message: errorMessage(e) };
    }
  }));
  return failure;
}
