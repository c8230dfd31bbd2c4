// The Deployment controller shell (upstream deployment_controller.go): adoption of ReplicaSets, then per
// Deployment: read its ReplicaSets and their pods, plan (plan.ts: scaling, RollingUpdate, Recreate, history
// cleanup, status), apply the actions in order, write the status.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, isAlreadyExists, isNotFound, lookupResource } from '../../api/index.js';
import {
  claimObjects, controllerFor, controllerOf, objectKeyOf, OwnerIndex, writeStatus,
  type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import { revisionAnnotation, sameTemplate, type DeploymentObject, type ReplicaSetObject } from './replica-sets.js';
import { planDeployment, type Action } from './plan.js';

const deploymentsR = lookupResource('apps', 'v1', 'deployments')!;
const replicaSetsR = lookupResource('apps', 'v1', 'replicasets')!;
const podsR = lookupResource('', 'v1', 'pods')!;

export interface DeploymentControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

export function startDeploymentController(ctx: DeploymentControllerContext): AsyncDisposable {
  const { client, clock, recorder } = ctx;
  const b = controllerFor<Deployment>(ctx, deploymentsR, { name: 'deployment', kind: 'Deployment', selectorOf: (d) => fromLabelSelectorObject(d.spec?.selector) });
  const deployments = b.primary;
  const replicaSets = b.owns<ReplicaSetObject>(replicaSetsR);
  // Recreate waits until the old ReplicaSets' pods are gone: their deletions wake the Deployment.
  const podIndex = new OwnerIndex<Pod>('ReplicaSet');
  b.watches<Pod>(podsR, (c) => (c.type === 'delete' ? deploymentsOfPod(c.obj) : []), { indexes: [podIndex] });

  function deploymentsOfPod(p: Pod): string[] {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return [];
    const rs = replicaSets.informer.get(`${p.metadata?.namespace}/${ref.name}`);
    return rs ? b.ownersOf(rs) : [];
  }

  /** Runs the plan's actions in order; a ReplicaSet that already exists as ours (the cache lags) is returned to plan again. */
  async function apply(d: DeploymentObject, actions: readonly Action[]): Promise<{ replan: ReplicaSetObject } | undefined> {
    for (const a of actions) {
      switch (a.kind) {
        case 'createReplicaSet': {
          const existing = await createReplicaSet(d, a.rs);
          if (existing) return { replan: existing };
          break;
        }
        case 'updateReplicaSet': await client.update(replicaSetsR, a.rs); break;
        case 'setRevision': await setRevision(d, a.revision); break;
        case 'deleteReplicaSet':
          await client.delete(replicaSetsR, a.rs.metadata.namespace, a.rs.metadata.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
          break;
        case 'recordEvent': break;
      }
      const event = a.kind === 'recordEvent' ? a.event : a.kind === 'createReplicaSet' || a.kind === 'updateReplicaSet' ? a.event : undefined;
      if (event) recorder.event(d, event.type, event.reason, event.message);
    }
    return undefined;
  }

  /** Creates the ReplicaSet; on AlreadyExists, the existing one when it is ours with the same template, else a hash collision. */
  async function createReplicaSet(d: DeploymentObject, body: ReplicaSetObject): Promise<ReplicaSetObject | undefined> {
    try {
      await client.create(replicaSetsR, d.metadata.namespace, body);
      return undefined;
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
    }
    const existing = await client.get<ReplicaSetObject>(replicaSetsR, d.metadata.namespace, body.metadata.name);
    if (controllerOf(existing)?.uid === d.metadata.uid && sameTemplate(existing.spec.template, d.spec.template)) return existing;
    // A hash collision: another template owns the name. Bump collisionCount and try again next sync.
    const collisionCount = d.status?.collisionCount ?? 0;
    await client.update(deploymentsR, { ...d, status: { ...(d.status ?? {}), collisionCount: collisionCount + 1 } }, 'status');
    throw new Error(`hash collision for ReplicaSet ${body.metadata.name}; collisionCount is now ${collisionCount + 1}`);
  }

  async function setRevision(d: DeploymentObject, revision: string): Promise<void> {
    const fresh = deployments.get(objectKeyOf(d)) as DeploymentObject | undefined;
    if (!fresh || fresh.metadata.uid !== d.metadata.uid) return;
    await client.update(deploymentsR, { ...fresh, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), [revisionAnnotation]: revision } } });
  }

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const stored = deployments.get(key);
    if (!stored) return undefined;
    const d = { ...stored, apiVersion: 'apps/v1', kind: 'Deployment' } as DeploymentObject;
    // Without a selector the plan is a warning only: nothing is adopted.
    let owned = d.spec.selector?.matchLabels || d.spec.selector?.matchExpressions?.length
      ? await claimObjects(client, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata }, replicaSets.index, replicaSetsR, fromLabelSelectorObject(d.spec.selector))
      : [];
    for (let attempt = 1; ; attempt++) {
      const pods = owned.flatMap((rs) => podIndex.owned(rs.metadata.uid ?? ''));
      const plan = planDeployment({ d, replicaSets: owned, pods, nowMs: clock.nowMs() });
      const result = await apply(d, plan.actions);
      // The new ReplicaSet exists already (created by an earlier sync the cache has not shown yet): plan again with it.
      if (result && attempt === 1) { owned = [...owned, result.replan]; continue; }
      if (result) throw new Error(`ReplicaSet ${result.replan.metadata.name} exists but is not in the plan`);
      // After our own revision annotation update (or a user's edit) the status is written again on a fresh
      // copy only when the spec we synced is still current; else the next sync writes it.
      if (plan.status) await writeStatus(client, deploymentsR, d, plan.status, (fresh) => fresh.metadata.uid === d.metadata.uid && fresh.metadata.generation === d.metadata.generation);
      return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
    }
  }

  return b.complete({ reconcile: sync }, { workers: ctx.workers ?? 4 });
}
