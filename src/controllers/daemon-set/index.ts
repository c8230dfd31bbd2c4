// The DaemonSet controller shell: informers for DaemonSets, pods, nodes and revisions; adoption and release;
// per DaemonSet: revisions (history-control.ts), the plan (plan.ts), its pod writes (sync-nodes.ts) under
// expectations, events, status, history pruning.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource, semanticEqual } from '../../api/index.js';
import {
  adoptersOf, claimObjects, Controller, controllerKey, controllerOf, deleteRevisions, Expectations, objectKeyOf, OwnerIndex, startWhenSynced, writeStatus,
  type ControllerContext, type EventRecorder, type OwnedMeta, type ReconcileResult, type Revision,
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

export function startDaemonSetController(ctx: DaemonSetControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const sets = ctx.informers.informerFor<DaemonSetObject>(setsR);
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const nodes = ctx.informers.informerFor<Node>(nodesR);
  const revisions = ctx.informers.informerFor<ControllerRevision>(revisionsR);
  const podIndex = new OwnerIndex<Pod>('DaemonSet');
  const revisionIndex = new OwnerIndex<ControllerRevision>('DaemonSet');
  const expectations = new Expectations();
  /** Failed-pod backoff per DaemonSet uid, for one generation (upstream keys it by uid, observedGeneration and node). */
  const backoff = new Map<string, { generation: number; byNode: Map<string, BackoffEntry> }>();

  const controller = new Controller({
    name: 'daemonset', workers: ctx.workers ?? 2, clock, logger: ctx.logger,
    reconciler: { reconcile: (key) => sync(key) },
  });
  const enqueue = (key: string): void => controller.enqueue(key);
  const enqueueOwner = (o: OwnedMeta): string | undefined => {
    const key = controllerKey(o, 'DaemonSet');
    if (key) enqueue(key);
    return key;
  };
  /** Orphans go to every DaemonSet whose selector matches them (adoption). */
  const enqueueMatching = (o: OwnedMeta): void => {
    for (const key of adoptersOf(o, sets.list(), (s) => fromLabelSelectorObject(s.spec?.selector))) enqueue(key);
  };

  sets.addHandlers({
    onAdd: (s) => enqueue(objectKeyOf(s)),
    onUpdate: (s) => enqueue(objectKeyOf(s)),
    onDelete: (s) => { expectations.forget(objectKeyOf(s)); backoff.delete(s.metadata.uid); enqueue(objectKeyOf(s)); },
  });
  pods.addHandlers({
    onAdd: (p) => {
      podIndex.add(p);
      if (!controllerOf(p)) return enqueueMatching(p);
      // A pod first seen already deleting (after a restart) is no creation of ours.
      const key = controllerKey(p, 'DaemonSet');
      if (key && p.metadata?.deletionTimestamp) expectations.deletionObserved(key, objectKeyOf(p));
      else if (key) expectations.creationObserved(key);
      enqueueOwner(p);
    },
    onUpdate: (p, old) => {
      podIndex.remove(old);
      podIndex.add(p);
      // Graceful deletion: the DaemonSet may act as soon as the pod is marked, not when the kubelet removes it.
      const key = enqueueOwner(p);
      if (key && p.metadata?.deletionTimestamp) expectations.deletionObserved(key, objectKeyOf(p));
      if (controllerOf(old)?.uid !== controllerOf(p)?.uid) enqueueOwner(old);
      if (!controllerOf(p)) enqueueMatching(p);
    },
    onDelete: (p) => {
      podIndex.remove(p);
      const key = enqueueOwner(p);
      if (key) expectations.deletionObserved(key, objectKeyOf(p));
    },
  });
  revisions.addHandlers({
    onAdd: (r) => { revisionIndex.add(r); if (!enqueueOwner(r) && !controllerOf(r)) enqueueMatching(r); },
    onUpdate: (r, old) => {
      revisionIndex.remove(old);
      revisionIndex.add(r);
      enqueueOwner(r);
      if (controllerOf(old)?.uid !== controllerOf(r)?.uid) enqueueOwner(old);
      if (!controllerOf(r)) enqueueMatching(r);
    },
    onDelete: (r) => { revisionIndex.remove(r); enqueueOwner(r); },
  });
  nodes.addHandlers({
    onAdd: (n) => { for (const s of sets.list()) if (placementCheck(s)(n).shouldRun) enqueue(objectKeyOf(s)); },
    onUpdate: (n, old) => {
      if (placementInputsEqual(n, old)) return;
      for (const s of sets.list()) {
        const [a, b] = [placementCheck(s)(old), placementCheck(s)(n)];
        if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) enqueue(objectKeyOf(s));
      }
    },
    // The node's pods stop counting (desired, current, misscheduled): every DaemonSet recounts.
    onDelete: () => { for (const s of sets.list()) enqueue(objectKeyOf(s)); },
  });

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
    const owned = await claimObjects(client, owner, podIndex, podsR, selector);
    const history = await syncHistory(client, ds, await claimObjects(client, owner, revisionIndex, revisionsR, selector) as Revision[], owned);
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

  return startWhenSynced([sets, pods, nodes, revisions], [controller]);
}
