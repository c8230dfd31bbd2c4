// The ReplicaSet and ReplicationController controllers (one shell, as upstream): adoption and release of
// pods by selector, then plan.ts's diff (create from the template, delete by rank.ts), expectations so a
// stale cache never doubles a scale-up, status with the ReplicaFailure condition.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector as LabelSelectorObject } from 'kubernetes-types/meta/v1.js';
import { fromLabelSelectorObject, isNotFound, lookupResource, semanticEqual, type ResourceDescriptor } from '../../api/index.js';
import {
  claimObjects, controllerFor, Expectations, observeExpectations, podFromTemplate, objectKeyOf, slowStartBatch, writeStatus,
  type ControllerContext, type EventRecorder, type Owner, type ReconcileResult,
} from '../../client/index.js';
import { planReplicas, type ReplicaCounts } from './plan.js';
import { errorMessage, rfc3339, withoutZeros } from '../../util/index.js';

const podsR = lookupResource('', 'v1', 'pods')!;

/** What differs between the two kinds: where they live and how their selector is written. */
export interface ReplicaKind {
  readonly resource: ResourceDescriptor;
  readonly apiVersion: string;
  readonly name: string;
  readonly selectorOf: (spec: ReplicaOwnerSpec) => LabelSelectorObject | undefined;
}
interface ReplicaOwnerSpec { replicas?: number; minReadySeconds?: number; selector?: unknown; template?: PodTemplateSpec }
interface Condition { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }
interface ReplicaOwner {
  apiVersion?: string; kind?: string;
  metadata: { name: string; namespace: string; uid: string; generation?: number; deletionTimestamp?: string; resourceVersion?: string };
  spec?: ReplicaOwnerSpec;
  status?: Partial<ReplicaCounts> & { observedGeneration?: number; conditions?: Condition[] };
}

export const replicaSetKind: ReplicaKind = {
  resource: lookupResource('apps', 'v1', 'replicasets')!, apiVersion: 'apps/v1', name: 'ReplicaSet',
  selectorOf: (spec) => spec.selector as LabelSelectorObject | undefined,
};
export const replicationControllerKind: ReplicaKind = {
  resource: lookupResource('', 'v1', 'replicationcontrollers')!, apiVersion: 'v1', name: 'ReplicationController',
  // An RC's selector is a plain map; when absent it defaults to the template labels (API defaulting).
  selectorOf: (spec) => ({ matchLabels: (spec.selector as Record<string, string> | undefined) ?? spec.template?.metadata?.labels ?? {} }),
};

/** Status as upstream serializes it: replicas always, the other counters and observedGeneration only when non-zero. */
function statusOf(owner: ReplicaOwner, counts: ReplicaCounts, failure: { reason: string; message: string } | undefined, now: string): NonNullable<ReplicaOwner['status']> {
  const status: NonNullable<ReplicaOwner['status']> = withoutZeros({ ...counts, observedGeneration: owner.metadata.generation ?? 0 }, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']);
  const others = (owner.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const prev = (owner.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  const conditions = failure
    ? [...others, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastTransitionTime: prev?.lastTransitionTime ?? now }]
    : others;
  if (conditions.length) status.conditions = conditions;
  return status;
}

export interface ReplicaControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

export function startReplicaController(ctx: ReplicaControllerContext, kind: ReplicaKind): AsyncDisposable {
  const { client, clock } = ctx;
  const expectations = new Expectations();
  const b = controllerFor<ReplicaOwner>(ctx, kind.resource, {
    name: kind.name.toLowerCase(), kind: kind.name, selectorOf: (o) => fromLabelSelectorObject(kind.selectorOf(o.spec ?? {})),
  });
  const owners = b.primary;
  const pods = b.owns<Pod>(podsR, { observers: [observeExpectations(expectations, 'gone')] });

  async function reconcile(key: string): Promise<ReconcileResult | undefined> {
    const stored = owners.get(key);
    if (!stored) { expectations.forget(key); return undefined; }
    const owner = { ...stored, apiVersion: kind.apiVersion, kind: kind.name };
    const selector = fromLabelSelectorObject(kind.selectorOf(owner.spec ?? {}));
    const owned = await claimObjects(client, owner, pods.index, podsR, selector);
    const deleting = owner.metadata.deletionTimestamp != null;
    const plan = planReplicas({
      replicas: owner.spec?.replicas ?? 1, minReadySeconds: owner.spec?.minReadySeconds ?? 0,
      templateLabels: owner.spec?.template?.metadata?.labels ?? {}, pods: owned, nowMs: clock.nowMs(),
      // Not acting on a cache that has not seen our last creations/deletions (upstream expectations).
      hold: deleting || !expectations.satisfied(key, clock.nowMs()),
    });
    const failure = plan.create || plan.delete.length ? await manage(owner, key, plan.create, plan.delete) : undefined;
    const status = statusOf(owner, plan.counts, failure, rfc3339(clock.now()));
    if (!semanticEqual(owner.status ?? {}, status)) await writeStatus(client, kind.resource, owner, status);
    if (failure) throw new Error(failure.message);
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }

  async function manage(owner: ReplicaOwner & Owner, key: string, create: number, remove: readonly Pod[]): Promise<{ reason: string; message: string } | undefined> {
    expectations.expect(key, create, remove.map((p) => objectKeyOf(p)), clock.nowMs());
    let failure: { reason: string; message: string } | undefined;
    // Creations in slow-start batches: a failing batch stops the rest (quota, admission errors).
    const created = await slowStartBatch(create, async () => {
      try {
        const pod = await client.create(podsR, owner.metadata.namespace, podFromTemplate(owner, owner.spec?.template));
        ctx.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
      } catch (e: unknown) {
        expectations.creationObserved(key);
        ctx.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
        failure ??= { reason: 'FailedCreate', message: errorMessage(e) };
        throw e;
      }
    });
    // Creations never attempted will never be observed.
    for (let i = created.attempted; i < create; i++) expectations.creationObserved(key);
    await Promise.all(remove.map(async (p) => {
      try {
        await client.delete(podsR, owner.metadata.namespace, p.metadata!.name!, { preconditions: { uid: p.metadata!.uid! } });
        ctx.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name}`);
      } catch (e: unknown) {
        expectations.deletionObserved(key, objectKeyOf(p));
        if (isNotFound(e)) return;
        ctx.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
        failure ??= { reason: 'FailedDelete', message: errorMessage(e) };
      }
    }));
    return failure;
  }

  return b.complete({ reconcile }, { workers: ctx.workers ?? 4 });
}
