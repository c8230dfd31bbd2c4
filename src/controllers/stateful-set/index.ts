// The StatefulSet controller shell: informers and indexes, adoption and release of pods and revisions,
// then per set: revisions (history.ts), the plan (control.ts), its execution (pod-control.ts), status.
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, lookupResource, semanticEqual } from '../../api/index.js';
import { withoutZeros } from '../../util/index.js';
import { claimObjects, controllerFor, deleteRevisions, NamespaceIndex, objectKeyOf, writeStatus, type ControllerContext, type EventRecorder, type ReconcileResult, type Revision } from '../../client/index.js';
import { isMemberOf, setOwner, type SetObject } from './identity.js';
import { currentRevisionOf, revisionsToPrune } from './history.js';
import { planStatefulSet, type SetStatus } from './control.js';
import { PodControl } from './pod-control.js';
import { volumeClaimUpdatePolicy } from './claim-update.js';
import { ensureUpdateRevision } from './history-control.js';

const setsR = lookupResource('apps', 'v1', 'statefulsets')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const revisionsR = lookupResource('apps', 'v1', 'controllerrevisions')!;


export interface StatefulSetControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

/** Phase, storage request or capacity changed (what KEP-4650 InPlace claim updates wait on). */
function claimSizeChanged(a: PersistentVolumeClaim, b: PersistentVolumeClaim): boolean {
  return a.status?.phase !== b.status?.phase || a.spec?.resources?.requests?.['storage'] !== b.spec?.resources?.requests?.['storage']
    || a.status?.capacity?.['storage'] !== b.status?.capacity?.['storage'];
}

/** A claim named <template>-<set>-<ordinal> concerns that set (missing claims of pending pods, stale owners). */
function setsOfClaim(sets: readonly StatefulSet[], c: PersistentVolumeClaim): string[] {
  const name = c.metadata?.name ?? '';
  return sets.filter((s) => s.metadata?.namespace === c.metadata?.namespace && (s.spec?.volumeClaimTemplates ?? []).some((t) => name.startsWith(`${t.metadata?.name}-${s.metadata?.name}-`)))
    .map((s) => objectKeyOf(s));
}

export function startStatefulSetController(ctx: StatefulSetControllerContext): AsyncDisposable {
  const { client, clock } = ctx;
  // A sync plans every replica, and a big set gets an event per pod change: a set is planned again no sooner
  // than 3× its last plan took (a 1,000-pod set: under 5 ms, no wait; 30,000 pods: tens of ms), so one huge
  // set cannot keep a core busy while the API server shares the process.
  const notBefore = new Map<string, number>();
  const b = controllerFor<StatefulSet>(ctx, setsR, {
    name: 'statefulset', kind: 'StatefulSet', selectorOf: (s) => fromLabelSelectorObject(s.spec?.selector), onChange: (c) => { if (c.type === 'delete') notBefore.delete(objectKeyOf(c.obj)); },
  });
  const sets = b.primary;
  const pods = b.owns<Pod>(podsR);
  const revisions = b.owns<ControllerRevision>(revisionsR);
  const claims = new NamespaceIndex<PersistentVolumeClaim>();
  b.watches<PersistentVolumeClaim>(claimsR, (c) => {
    // Of a claim's updates deletion and ownership matter to every set; binding and size only to InPlace sets
    // (KEP-4650: a claim grows once bound, and the next one once status.capacity reached the request).
    if (c.type === 'update' && c.old.metadata?.deletionTimestamp === c.obj.metadata?.deletionTimestamp && semanticEqual(c.old.metadata?.ownerReferences ?? [], c.obj.metadata?.ownerReferences ?? [])) {
      return claimSizeChanged(c.old, c.obj) ? setsOfClaim(sets.list().filter((s) => volumeClaimUpdatePolicy(s as SetObject) === 'InPlace'), c.obj) : [];
    }
    return setsOfClaim(sets.list(), c.obj);
  }, { indexes: [claims] });
  const podControl = new PodControl(client, ctx.recorder);

  const planTimed = (key: string, input: Parameters<typeof planStatefulSet>[0]): ReturnType<typeof planStatefulSet> => {
    const began = performance.now();
    const plan = planStatefulSet(input);
    const took = performance.now() - began;
    if (took >= 5) notBefore.set(key, clock.nowMs() + 3 * took);
    else notBefore.delete(key);
    return plan;
  };

  /** Status as upstream serializes it: readyReplicas, currentReplicas, updatedReplicas and observedGeneration omitted when zero. */
  async function syncStatus(set: SetObject, status: SetStatus): Promise<void> {
    const next = withoutZeros(status, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'observedGeneration']);
    if (!semanticEqual(set.status ?? {}, next)) await writeStatus(client, setsR, set, next);
  }

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const set = sets.get(key) as SetObject | undefined;
    if (!set) return undefined;
    const selector = fromLabelSelectorObject(set.spec?.selector);
    const owner = setOwner(set);
    const owned = await claimObjects(client, owner, pods.index, podsR, selector, { isMember: (p) => isMemberOf(set, p) });
    const history = await claimObjects(client, owner, revisions.index, revisionsR, selector) as Revision[];
    const { update, collisionCount } = await ensureUpdateRevision(client, set, history);
    const all = history.some((r) => r.metadata.name === update.metadata.name) ? history.map((r) => (r.metadata.name === update.metadata.name ? update : r)) : [...history, update];
    const current = currentRevisionOf(set, all, update);
    const plan = planTimed(key, {
      set, pods: owned, claims: claims.byName(set.metadata.namespace), current, update, collisionCount, nowMs: clock.now().getTime(),
    });
    let failure: unknown;
    await podControl.execute(set, plan).catch((e: unknown) => { failure = e; });
    await syncStatus(set, plan.status);
    if (failure !== undefined) throw failure;
    await deleteRevisions(client, revisionsToPrune(set, all, plan.status.currentRevision ?? '', plan.status.updateRevision ?? '', owned));
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }
  return b.complete({
    async reconcile(key: string) {
      const wait = (notBefore.get(key) ?? 0) - clock.nowMs();
      if (wait > 0) return { requeueAfterMs: wait };
      return sync(key);
    },
  }, { workers: ctx.workers ?? 4 });
}
