// The Deployment controller shell (upstream deployment_controller.go): adoption of ReplicaSets, then per
// Deployment: read its ReplicaSets and their pods, plan (plan.ts: scaling, RollingUpdate, Recreate, history
// cleanup, status), apply its actions in order (replica-set-control.ts), write the status.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource } from '../../api/index.js';
import {
  claimObjects, controllerFor, controllerOf, objectKeyOf, OwnerIndex, writeStatus,
  type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { planDeployment } from './plan.js';
import { ReplicaSetControl } from './replica-set-control.js';

const deploymentsR = lookupResource('apps', 'v1', 'deployments')!;
const replicaSetsR = lookupResource('apps', 'v1', 'replicasets')!;
const podsR = lookupResource('', 'v1', 'pods')!;

export interface DeploymentControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

export function startDeploymentController(ctx: DeploymentControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const b = controllerFor<Deployment>(ctx, deploymentsR, { name: 'deployment', kind: 'Deployment', selectorOf: (d) => fromLabelSelectorObject(d.spec?.selector) });
  const deployments = b.primary;
  const replicaSets = b.owns<ReplicaSetObject>(replicaSetsR);
  // Recreate waits until the old ReplicaSets' pods are gone: their deletions wake the Deployment.
  const podIndex = new OwnerIndex<Pod>('ReplicaSet');
  b.watches<Pod>(podsR, (c) => (c.type === 'delete' ? deploymentsOfPod(c.obj) : []), { indexes: [podIndex] });

  const control = new ReplicaSetControl({
    client, recorder: ctx.recorder,
    // The revision annotation goes on the cached Deployment, if it is still the one the sync read.
    current: (d) => { const fresh = deployments.get(objectKeyOf(d)) as DeploymentObject | undefined; return fresh?.metadata.uid === d.metadata.uid ? fresh : undefined; },
  });

  function deploymentsOfPod(p: Pod): string[] {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return [];
    const rs = replicaSets.informer.get(`${p.metadata?.namespace}/${ref.name}`);
    return rs ? b.ownersOf(rs) : [];
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
      const result = await control.apply(d, plan.actions);
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
