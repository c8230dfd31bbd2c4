// The ReplicaSet and ReplicationController controllers (one shell, as upstream): adoption and release of
// pods by selector, then plan.ts's diff (create from the template, delete by rank.ts), expectations so a
// stale cache never doubles a scale-up, status with the ReplicaFailure condition.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource, semanticEqual } from '../../api/index.js';
import {
  claimObjects, controllerFor, Expectations, observeExpectations, writeStatus,
  type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import { planReplicas } from './plan.js';
import { statusOf, type ReplicaKind, type ReplicaOwner } from './owner.js';
import { managePods } from './pod-control.js';
import { rfc3339 } from '../../util/index.js';

export { replicaSetKind, replicationControllerKind, type ReplicaKind } from './owner.js';

const podsR = lookupResource('', 'v1', 'pods')!;

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
    const failure = plan.create || plan.delete.length ? await managePods({ client, recorder: ctx.recorder, expectations, clock }, owner, key, plan) : undefined;
    const status = statusOf(owner, plan.counts, failure, rfc3339(clock.now()));
    if (!semanticEqual(owner.status ?? {}, status)) await writeStatus(client, kind.resource, owner, status);
    if (failure) throw new Error(failure.message);
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }

  return b.complete({ reconcile }, { workers: ctx.workers ?? 4 });
}
