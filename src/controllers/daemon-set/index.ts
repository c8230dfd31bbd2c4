// The DaemonSet controller shell: informers for DaemonSets, pods, nodes and revisions; adoption and release;
// per DaemonSet: revisions (history-control.ts), the plan (plan.ts), its pod writes (sync-nodes.ts) under
// expectations, events, status, history pruning.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource, semanticEqual } from '../../api/index.js';
import {
  claimObjects, controllerFor, deleteRevisions, Expectations, objectKeyOf, observeExpectations, writeStatus,
  type Change, type ControllerContext, type EventRecorder, type ReconcileResult, type Revision,
} from '../../client/index.js';
import type { BackoffEntry } from './backoff.js';
import { daemonPodTemplate, daemonSetOwner, type DaemonSetObject } from './daemon-pod.js';
import { hashOf, revisionsToPrune } from './history.js';
import { syncHistory } from './history-control.js';
import { placementCheck } from './placement.js';
import { planDaemonSet } from './plan.js';
import { daemonStatus } from './status.js';
import { syncNodes } from './sync-nodes.js';

const setsR = lookupResource('apps', 'v1', 'daemonsets')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;
const revisionsR = lookupResource('apps', 'v1', 'controllerrevisions')!;

export interface DaemonSetControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

/** Node changes that can change a placement: labels and taints (upstream shouldIgnoreNodeUpdate). */
const placementInputsEqual = (a: Node, b: Node): boolean => semanticEqual(a.metadata?.labels, b.metadata?.labels) && semanticEqual(a.spec?.taints, b.spec?.taints);

/** The DaemonSets a node change concerns: placement changed (add, labels or taints), or every one (a node went). */
function setsOfNode(sets: readonly DaemonSetObject[], c: Change<Node>): string[] {
  switch (c.type) {
    case 'add': return sets.filter((s) => placementCheck(s)(c.obj).shouldRun).map((s) => objectKeyOf(s));
    case 'update': {
      if (placementInputsEqual(c.obj, c.old)) return [];
      return sets.filter((s) => {
        const [a, b] = [placementCheck(s)(c.old), placementCheck(s)(c.obj)];
        return a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning;
      }).map((s) => objectKeyOf(s));
    }
    // The node's pods stop counting (desired, current, misscheduled): every DaemonSet recounts.
    case 'delete': return sets.map((s) => objectKeyOf(s));
  }
}

export function startDaemonSetController(ctx: DaemonSetControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const expectations = new Expectations();
  /** Failed-pod backoff per DaemonSet uid, for one generation (upstream keys it by uid, observedGeneration and node). */
  const backoff = new Map<string, { generation: number; byNode: Map<string, BackoffEntry> }>();
  const b = controllerFor<DaemonSetObject>(ctx, setsR, {
    name: 'daemonset', kind: 'DaemonSet', selectorOf: (s) => fromLabelSelectorObject(s.spec?.selector), onChange: (c) => { if (c.type === 'delete') backoff.delete(c.obj.metadata.uid); },
  });
  const sets = b.primary;
  // Graceful deletion: the DaemonSet may act as soon as a pod is marked, not when the kubelet removes it.
  const pods = b.owns<Pod>(podsR, { observers: [observeExpectations(expectations, 'marked')] });
  const revisions = b.owns<ControllerRevision>(revisionsR);
  const nodes = b.watches<Node>(nodesR, (c) => setsOfNode(sets.list(), c));

  function backoffOf(ds: DaemonSetObject): Map<string, BackoffEntry> {
    const generation = ds.status?.observedGeneration ?? 0;
    let b = backoff.get(ds.metadata.uid);
    if (b?.generation !== generation) backoff.set(ds.metadata.uid, (b = { generation, byNode: new Map() }));
    return b.byNode;
  }

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const ds = sets.get(key);
    if (!ds) { expectations.forget(key); return undefined; }
    // Being deleted: its revisions may be gone or orphaned already, so neither pods nor status are touched (upstream).
    if (ds.metadata.deletionTimestamp) return undefined;
    const selector = fromLabelSelectorObject(ds.spec?.selector);
    const owner = daemonSetOwner(ds);
    const owned = await claimObjects(client, owner, pods.index, podsR, selector);
    const history = await syncHistory(client, ds, await claimObjects(client, owner, revisions.index, revisionsR, selector) as Revision[], owned);
    const hash = hashOf(history.current);
    const hold = !expectations.satisfied(key, clock.nowMs());
    const byNode = backoffOf(ds);
    const plan = planDaemonSet({ ds, nodes: nodes.list(), pods: owned, hash, nowMs: clock.nowMs(), backoff: byNode, hold });
    const subject = { ...ds, apiVersion: 'apps/v1', kind: 'DaemonSet' };
    for (const e of plan.events) ctx.recorder.event(subject, e.type, e.reason, e.message);
    for (const [node, entry] of plan.backoff) byNode.set(node, entry);
    let failure: unknown;
    if (!hold && plan.counts) {
      await syncNodes({ client, recorder: ctx.recorder, expectations, clock }, ds, key, { template: daemonPodTemplate(ds, hash), create: plan.create, delete: plan.delete })
        .catch((e: unknown) => { failure = e; });
    }
    if (plan.counts) {
      const status = daemonStatus(ds, plan.counts, { observe: plan.observe, collisionCount: history.collisionCount });
      if (!semanticEqual(ds.status ?? {}, status)) await writeStatus(client, setsR, ds, status);
    }
    if (failure !== undefined) throw failure;
    if (!hold && plan.counts) await deleteRevisions(client, revisionsToPrune(ds, history.old, owned));
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }

  return b.complete({ reconcile: sync }, { workers: ctx.workers ?? 2 });
}
