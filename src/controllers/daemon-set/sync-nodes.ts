// The DaemonSet's pod writes (upstream syncNodes): expectations set first, creations in slow-start batches
// (a failing batch stops the rest), deletions at once; events as upstream's pod control records them.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { objectKeyOf, slowStartBatch, type Client, type EventRecorder, type Expectations } from '../../client/index.js';
import { errorMessage, type Clock } from '../../util/index.js';
import { newDaemonPod, type DaemonSetObject } from './daemon-pod.js';

const podsR = lookupResource('', 'v1', 'pods')!;

export interface SyncNodesOptions {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly expectations: Expectations;
  readonly clock: Clock;
}

/**
 * Creates a pod from the template on each node and deletes the pods. Every write is tried (creations until a
 * batch fails); the first error is thrown afterwards so the sync is retried with backoff.
 */
export async function syncNodes(o: SyncNodesOptions, ds: DaemonSetObject, key: string, work: { template: PodTemplateSpec; create: readonly string[]; delete: readonly Pod[] }): Promise<void> {
  const { client, recorder, expectations } = o;
  const subject = { ...ds, apiVersion: 'apps/v1', kind: 'DaemonSet' };
  const ns = ds.metadata.namespace;
  expectations.expect(key, work.create.length, work.delete.map((p) => objectKeyOf(p)), o.clock.nowMs());
  const errors: unknown[] = [];
  const created = await slowStartBatch(work.create.length, async (i) => {
    try {
      const pod = await client.create(podsR, ns, newDaemonPod(ds, work.template, work.create[i] ?? ''));
      recorder.event(subject, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
    } catch (e: unknown) {
      // A failed creation will never be observed.
      expectations.creationObserved(key);
      recorder.event(subject, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
      errors.push(e);
      throw e;
    }
  });
  // Creations never attempted will never be observed either.
  for (let i = created.attempted; i < work.create.length; i++) expectations.creationObserved(key);
  await Promise.all(work.delete.map(async (p) => {
    try {
      await client.delete(podsR, ns, p.metadata?.name ?? '', { preconditions: { uid: p.metadata?.uid ?? '' } });
      recorder.event(subject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name}`);
    } catch (e: unknown) {
      expectations.deletionObserved(key, objectKeyOf(p));
      if (isNotFound(e)) return;
      recorder.event(subject, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
      errors.push(e);
    }
  }));
  if (errors.length) throw new Error(`Cannot sync the pods of DaemonSet "${key}": ${errors.map(errorMessage).join('; ')}`, { cause: errors[0] });
}
