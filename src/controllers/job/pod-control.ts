// The Job controller's pod writes: create (slow-start batches), delete (with or without dropping the tracking
// finalizer first), remove tracking finalizers; each with upstream's events and the expectations that keep a
// lagging cache from causing double work.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound, isPodReady, jobTrackingFinalizer, lookupResource } from '../../api/index.js';
import { objectKeyOf, slowStartBatch, type Client, type EventRecorder, type EventSubject, type Expectations } from '../../client/index.js';
import { errorMessage, type Clock } from '../../util/index.js';
import type { PodWork, WorkOutcome } from './control.js';
import type { FinalizerExpectations } from './finalizer-expectations.js';
import { hasTrackingFinalizer } from './pod-facts.js';

const podsR = lookupResource('', 'v1', 'pods')!;

const removeFinalizerPatch = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [jobTrackingFinalizer] } };

export interface JobPodControlOptions {
  client: Client;
  recorder: EventRecorder;
  expectations: Expectations;
  finalizers: FinalizerExpectations;
  clock: Clock;
}

/** The outcome of a batch of writes: how many took effect, and the first error (rethrown by the caller after the status is written). */
export interface Executed extends WorkOutcome {
  readonly error?: unknown;
}

export class JobPodControl {
  readonly #o: JobPodControlOptions;
  constructor(options: JobPodControlOptions) {
    this.#o = options;
  }

  /** Carries out the work for the job (key "ns/name"). Never throws: failures are counted and reported. */
  async execute(job: EventSubject & { metadata: { namespace: string } }, key: string, work: PodWork): Promise<Executed> {
    switch (work.kind) {
      case 'none':
      case 'wait':
        return { done: 0, doneReady: 0 };
      case 'create':
        return this.#create(job, key, work.pods);
      case 'delete':
        this.#o.expectations.expect(key, 0, work.pods.map((p) => objectKeyOf(p)), this.#o.clock.nowMs());
        return this.#delete(job, key, work.pods, true);
      case 'deleteActive':
        return this.#delete(job, key, work.pods, false);
      default: {
        const never: never = work;
        return never;
      }
    }
  }

  async #create(job: EventSubject & { metadata: { namespace: string } }, key: string, pods: readonly Pod[]): Promise<Executed> {
    const { client, recorder, expectations } = this.#o;
    expectations.expect(key, pods.length, [], this.#o.clock.nowMs());
    let done = 0;
    const result = await slowStartBatch(pods.length, async (i) => {
      try {
        const pod = pods[i];
        if (!pod) return;
        const created = await client.create(podsR, job.metadata.namespace, pod);
        done++;
        recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      } catch (e: unknown) {
        expectations.creationObserved(key);
        recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
        throw e;
      }
    });
    // Creations never attempted will never be observed.
    for (let i = result.attempted; i < pods.length; i++) expectations.creationObserved(key);
    return { done, doneReady: 0, ...(result.error !== undefined ? { error: result.error } : {}) };
  }

  /** Deletes pods; with dropFinalizer the tracking finalizer goes first, so the pod is not counted as a failure. */
  async #delete(job: EventSubject & { metadata: { namespace: string } }, key: string, pods: readonly Pod[], dropFinalizer: boolean): Promise<Executed> {
    const { client, recorder, expectations } = this.#o;
    let done = 0;
    let doneReady = 0;
    let error: unknown;
    await Promise.all(pods.map(async (p) => {
      const name = p.metadata?.name ?? '';
      try {
        if (dropFinalizer && hasTrackingFinalizer(p)) await client.patch(podsR, job.metadata.namespace, name, removeFinalizerPatch, 'strategic');
        await client.delete(podsR, job.metadata.namespace, name, { preconditions: { uid: p.metadata?.uid ?? '' } });
        recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      } catch (e: unknown) {
        if (dropFinalizer) expectations.deletionObserved(key, objectKeyOf(p));
        if (!isNotFound(e)) {
          recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
          error ??= e;
          return;
        }
      }
      done++;
      if (isPodReady(p)) doneReady++;
    }));
    return { done, doneReady, ...(error !== undefined ? { error } : {}) };
  }

  /** Removes the tracking finalizer; resolves with the uids that no longer carry it (gone pods included). */
  async removeFinalizers(key: string, pods: readonly Pod[]): Promise<{ removed: Set<string>; error?: unknown }> {
    const { client, finalizers } = this.#o;
    const removed = new Set<string>();
    let error: unknown;
    finalizers.expectRemovals(key, pods.map((p) => p.metadata?.uid ?? ''));
    await Promise.all(pods.map(async (p) => {
      const uid = p.metadata?.uid ?? '';
      try {
        await client.patch(podsR, p.metadata?.namespace ?? '', p.metadata?.name ?? '', removeFinalizerPatch, 'strategic');
      } catch (e: unknown) {
        // No update will show this removal: stop expecting it.
        finalizers.removalObserved(key, uid);
        if (!isNotFound(e)) { error ??= e; return; }
      }
      removed.add(uid);
    }));
    return { removed, ...(error !== undefined ? { error } : {}) };
  }

  /** An orphaned pod (its Job gone or finished) keeps no tracking finalizer. */
  async releaseOrphan(pod: Pod): Promise<void> {
    if (!hasTrackingFinalizer(pod)) return;
    await this.#o.client.patch(podsR, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', removeFinalizerPatch, 'strategic').catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }
}
