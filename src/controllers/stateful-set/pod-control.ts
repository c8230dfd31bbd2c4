// Pod control: performs a plan's actions through the API and records the upstream events on the set
// ("create Pod web-0 in StatefulSet web successful", "create Claim www-web-0 Pod web-0 in StatefulSet web success").
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isForbidden, isNotFound, lookupResource } from '../../api/index.js';
import { slowStartBatch, type Client, type EventRecorder } from '../../client/index.js';
import type { Action, ControlPlan, Step } from './control.js';
import { claimNamesFor, inOrdinalRange, ordinalOf, type SetObject } from './identity.js';
import { claimOwners } from './retention.js';
import { errorMessage } from '../../util/index.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;

const title = (verb: string): string => verb[0]!.toUpperCase() + verb.slice(1);

export class PodControl {
  readonly #client: Client;
  readonly #recorder: EventRecorder;
  constructor(client: Client, recorder: EventRecorder) {
    this.#client = client;
    this.#recorder = recorder;
  }

  #podEvent(set: SetObject, verb: 'create' | 'delete' | 'update', pod: Pod, err?: unknown): void {
    const name = pod.metadata?.name ?? '';
    if (err === undefined) this.#recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set.metadata.name} successful`);
    else this.#recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`);
  }

  #claimEvent(set: SetObject, pod: Pod, claim: string, err?: unknown, verb: 'create' | 'update' = 'create'): void {
    if (err === undefined) this.#recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claim} Pod ${pod.metadata?.name} in StatefulSet ${set.metadata.name} success`);
    else this.#recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${claim} for Pod ${pod.metadata?.name} in StatefulSet ${set.metadata.name} failed error: ${errorMessage(err)}`);
  }

  /**
   * KEP-4650 InPlace: raises the claim's storage request (optimistic on the cached resourceVersion, so a
   * conflict retries on fresh state). A refusal by the API (the class does not allow expansion) is a Warning
   * on the set and not retried: the set is synced again when it or the claim changes.
   */
  async #resizeClaim(set: SetObject, pod: Pod, claim: PersistentVolumeClaim, storage: string): Promise<void> {
    const name = claim.metadata!.name!;
    const next: PersistentVolumeClaim = {
      ...claim,
      spec: { ...claim.spec, resources: { ...claim.spec?.resources, requests: { ...claim.spec?.resources?.requests, storage } } },
    };
    try {
      await this.#client.update(claimsR, next);
    } catch (e: unknown) {
      this.#claimEvent(set, pod, name, e, 'update');
      if (isForbidden(e)) return;
      throw e;
    }
    this.#claimEvent(set, pod, name, undefined, 'update');
  }

  /** Creates the claims; the first failure is thrown after every claim was tried (upstream createPersistentVolumeClaims). */
  async #createClaims(set: SetObject, pod: Pod, claims: readonly PersistentVolumeClaim[], deleting: readonly string[]): Promise<void> {
    const errors: string[] = deleting.map((n) => `pvc ${n} is being deleted`);
    for (const claim of claims) {
      try {
        await this.#client.create(claimsR, set.metadata.namespace, claim);
        this.#claimEvent(set, pod, claim.metadata!.name!);
      } catch (e: unknown) {
        if (isAlreadyExists(e)) continue;
        this.#claimEvent(set, pod, claim.metadata!.name!, e);
        errors.push(`failed to create PVC ${claim.metadata!.name}: ${errorMessage(e)}`);
      }
    }
    if (errors.length) throw new Error(errors.join('; '));
  }

  /** Owner references of the pod's claims under the retention policy, read fresh (the pod was just created). */
  async #fixRetention(set: SetObject, pod: Pod): Promise<void> {
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
    if ((policy?.whenDeleted ?? 'Retain') === 'Retain' && (policy?.whenScaled ?? 'Retain') === 'Retain') return;
    const ordinal = ordinalOf(set, pod.metadata!.name!);
    for (const name of claimNamesFor(set, ordinal)) {
      const claim = await this.#client.get<PersistentVolumeClaim>(claimsR, set.metadata.namespace, name).catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
      if (!claim) continue;
      const d = claimOwners(set, claim, pod, inOrdinalRange(set, ordinal));
      if (d.kind === 'update') await this.#client.update(claimsR, { ...claim, metadata: { ...claim.metadata, ownerReferences: d.ownerReferences } });
    }
  }

  async run(set: SetObject, action: Action): Promise<void> {
    const ns = set.metadata.namespace;
    switch (action.kind) {
      case 'createPod': {
        const { pod } = action;
        try {
          await this.#createClaims(set, pod, action.claims, action.deletingClaims);
        } catch (e: unknown) {
          this.#podEvent(set, 'create', pod, e);
          throw e;
        }
        let created: Pod;
        try {
          created = await this.#client.create(podsR, ns, pod);
        } catch (e: unknown) {
          if (!isAlreadyExists(e)) this.#podEvent(set, 'create', pod, e);
          throw e;
        }
        this.#podEvent(set, 'create', pod);
        try {
          await this.#fixRetention(set, created);
        } catch (e: unknown) {
          this.#podEvent(set, 'update', pod, e);
          throw e;
        }
        return;
      }
      case 'createClaims':
        return this.#createClaims(set, action.pod, action.claims, []);
      case 'deletePod': {
        const { pod } = action;
        try {
          await this.#client.delete(podsR, ns, pod.metadata!.name!, { preconditions: { uid: pod.metadata!.uid! } });
          this.#podEvent(set, 'delete', pod);
        } catch (e: unknown) {
          if (isNotFound(e)) return;
          this.#podEvent(set, 'delete', pod, e);
          throw e;
        }
        return;
      }
      case 'updatePod': {
        try {
          await this.#client.update(podsR, action.pod);
          this.#podEvent(set, 'update', action.pod);
        } catch (e: unknown) {
          this.#podEvent(set, 'update', action.pod, e);
          throw e;
        }
        return;
      }
      case 'updateClaimOwners': {
        const { claim } = action;
        await this.#client.update(claimsR, { ...claim, metadata: { ...claim.metadata, ownerReferences: action.ownerReferences } });
        return;
      }
      case 'resizeClaim':
        return this.#resizeClaim(set, action.pod, action.claim, action.storage);
      case 'claimConflict':
        this.#recorder.event(set, 'Warning', 'ConflictingController',
          `PersistentVolumeClaim ${action.claim.metadata?.name} of Pod ${action.pod.metadata?.name} has a controller (${action.owner}) other than the StatefulSet; the retention policy is ignored for this claim`);
        return;
    }
  }

  async #runStep(set: SetObject, step: Step): Promise<void> {
    for (const a of step) await this.run(set, a);
  }

  /** Runs one group of steps: one after another under OrderedReady, else in slow-start batches that stop after a failing batch. */
  async #runSteps(set: SetObject, steps: readonly Step[], monotonic: boolean): Promise<void> {
    if (monotonic) {
      for (const s of steps) await this.#runStep(set, s);
      return;
    }
    const result = await slowStartBatch(steps.length, (i) => this.#runStep(set, steps[i]!));
    if ('error' in result) throw result.error;
  }

  /** Performs the plan: replicas, then condemned pods, then the rolling-update deletion. */
  async execute(set: SetObject, plan: ControlPlan): Promise<void> {
    await this.#runSteps(set, plan.replicas, plan.monotonic);
    await this.#runSteps(set, plan.condemned, plan.monotonic);
    await this.#runStep(set, plan.update);
  }
}
