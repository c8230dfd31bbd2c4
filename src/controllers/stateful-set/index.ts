// The StatefulSet controller shell: informers and indexes, adoption and release of pods and revisions,
// then per set: revisions (history.ts), the plan (control.ts), its execution (pod-control.ts), status.
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource, semanticEqual } from '../../api/index.js';
import { withoutZeros } from '../../util/index.js';
import { adoptersOf, claimObjects, controllerKey, controllerOf, Controller, deleteRevisions, objectKeyOf, OwnerIndex, startWhenSynced, writeStatus, type ControllerContext, type EventRecorder, type OwnedMeta, type ReconcileResult, type Revision } from '../../client/index.js';
import { isMemberOf, setOwner, type SetObject } from './identity.js';
import { currentRevisionOf, revisionsToPrune } from './history.js';
import { planStatefulSet } from './control.js';
import { PodControl } from './pod-control.js';
import { ensureUpdateRevision } from './history-control.js';

const setsR = lookupResource('apps', 'v1', 'statefulsets')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const revisionsR = lookupResource('apps', 'v1', 'controllerrevisions')!;


export interface StatefulSetControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

export function startStatefulSetController(ctx: StatefulSetControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  const sets = ctx.informers.informerFor<StatefulSet>(setsR);
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(claimsR);
  const revisions = ctx.informers.informerFor<ControllerRevision>(revisionsR);
  const podIndex = new OwnerIndex<Pod>('StatefulSet');
  const revisionIndex = new OwnerIndex<ControllerRevision>('StatefulSet');
  const claimsByNs = new Map<string, Map<string, PersistentVolumeClaim>>();
  const podControl = new PodControl(client, ctx.recorder);

  const setsIn = (ns: string | undefined): StatefulSet[] => sets.list().filter((s) => s.metadata?.namespace === ns);
  const enqueueOwner = (o: OwnedMeta): void => {
    const key = controllerKey(o, 'StatefulSet');
    if (key) controller.enqueue(key);
  };
  /** Orphans go to every set whose selector matches them (adoption). */
  const enqueueMatching = (o: OwnedMeta): void => {
    for (const key of adoptersOf(o, sets.list(), (s) => fromLabelSelectorObject(s.spec?.selector))) controller.enqueue(key);
  };
  const onObject = (index: OwnerIndex<Pod> | OwnerIndex<ControllerRevision>) => ({
    onAdd: (o: OwnedMeta): void => {
      (index as OwnerIndex<OwnedMeta>).add(o);
      if (controllerOf(o)) enqueueOwner(o);
      else enqueueMatching(o);
    },
    onUpdate: (o: OwnedMeta, old: OwnedMeta): void => {
      (index as OwnerIndex<OwnedMeta>).remove(old);
      (index as OwnerIndex<OwnedMeta>).add(o);
      enqueueOwner(o);
      if (controllerOf(old)?.uid !== controllerOf(o)?.uid) enqueueOwner(old);
      if (!controllerOf(o)) enqueueMatching(o);
    },
    onDelete: (o: OwnedMeta): void => {
      (index as OwnerIndex<OwnedMeta>).remove(o);
      enqueueOwner(o);
    },
  });
  // The controller exists before any handler: an informer that has synced already replays its items at once.
  // A sync plans every replica, and a big set gets an event per pod change: a set is planned again no sooner
  // than 3× its last plan took (a 1,000-pod set: under 5 ms, no wait; 30,000 pods: tens of ms), so one huge
  // set cannot keep a core busy while the API server shares the process.
  const notBefore = new Map<string, number>();
  const planTimed = (key: string, input: Parameters<typeof planStatefulSet>[0]): ReturnType<typeof planStatefulSet> => {
    const began = performance.now();
    const plan = planStatefulSet(input);
    const took = performance.now() - began;
    if (took >= 5) notBefore.set(key, clock.nowMs() + 3 * took);
    else notBefore.delete(key);
    return plan;
  };
  const controller = new Controller({
    name: 'statefulset', workers: ctx.workers ?? 4, clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string) {
        const wait = (notBefore.get(key) ?? 0) - clock.nowMs();
        if (wait > 0) return { requeueAfterMs: wait };
        return sync(key);
      },
    },
  });

  pods.addHandlers(onObject(podIndex));
  revisions.addHandlers(onObject(revisionIndex));
  const onClaim = (c: PersistentVolumeClaim, removed: boolean, old?: PersistentVolumeClaim): void => {
    const ns = c.metadata?.namespace ?? '';
    let m = claimsByNs.get(ns);
    if (!m) claimsByNs.set(ns, (m = new Map()));
    if (removed) m.delete(c.metadata?.name ?? '');
    else m.set(c.metadata?.name ?? '', c);
    // Of a claim's updates only deletion and ownership matter to the set (binding and status do not).
    if (old && old.metadata?.deletionTimestamp === c.metadata?.deletionTimestamp && semanticEqual(old.metadata?.ownerReferences ?? [], c.metadata?.ownerReferences ?? [])) return;
    // A claim named <template>-<set>-<ordinal> concerns that set (missing claims of pending pods, stale owners).
    for (const s of setsIn(ns)) {
      const name = c.metadata?.name ?? '';
      if ((s.spec?.volumeClaimTemplates ?? []).some((t) => name.startsWith(`${t.metadata?.name}-${s.metadata?.name}-`))) controller.enqueue(objectKeyOf(s));
    }
  };
  claims.addHandlers({ onAdd: (c) => onClaim(c, false), onUpdate: (c, old) => onClaim(c, false, old), onDelete: (c) => onClaim(c, true) });
  sets.addHandlers({ onAdd: (s) => controller.enqueue(objectKeyOf(s)), onUpdate: (s) => controller.enqueue(objectKeyOf(s)), onDelete: (s) => { notBefore.delete(objectKeyOf(s)); controller.enqueue(objectKeyOf(s)); } });

  /** Status as upstream serializes it: readyReplicas, currentReplicas, updatedReplicas and observedGeneration omitted when zero. */
  async function syncStatus(set: SetObject, status: StatefulSetStatus): Promise<void> {
    const next = withoutZeros(status, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'observedGeneration']);
    if (!semanticEqual(set.status ?? {}, next)) await writeStatus(client, setsR, set, next);
  }

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const set = sets.get(key) as SetObject | undefined;
    if (!set) return undefined;
    const selector = fromLabelSelectorObject(set.spec?.selector);
    const owner = setOwner(set);
    const owned = await claimObjects(client, owner, podIndex, podsR, selector, { isMember: (p) => isMemberOf(set, p) });
    const history = await claimObjects(client, owner, revisionIndex, revisionsR, selector) as Revision[];
    const { update, collisionCount } = await ensureUpdateRevision(client, set, history);
    const all = history.some((r) => r.metadata.name === update.metadata.name) ? history.map((r) => (r.metadata.name === update.metadata.name ? update : r)) : [...history, update];
    const current = currentRevisionOf(set, all, update);
    const plan = planTimed(key, {
      set, pods: owned, claims: claimsByNs.get(set.metadata.namespace) ?? new Map(), current, update, collisionCount, nowMs: clock.now().getTime(),
    });
    let failure: unknown;
    await podControl.execute(set, plan).catch((e: unknown) => { failure = e; });
    await syncStatus(set, plan.status);
    if (failure !== undefined) throw failure;
    await deleteRevisions(client, revisionsToPrune(set, all, plan.status.currentRevision ?? '', plan.status.updateRevision ?? '', owned));
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }
  return startWhenSynced([sets, pods, claims, revisions], [controller]);
}
