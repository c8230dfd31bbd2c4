// The Deployment controller shell (upstream deployment_controller.go, sync.go, rolling.go, recreate.go):
// adoption of ReplicaSets, the new ReplicaSet for the template, scaling events, RollingUpdate and
// Recreate, history cleanup, status. The arithmetic is in rolling.ts, the status rule in status.ts.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fromLabelSelectorObject, isAlreadyExists, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import {
  claimObjects, controllerFor, controllerOf, objectKeyOf, OwnerIndex, writeStatus,
  type ControllerContext, type EventRecorder, type ReconcileResult,
} from '../../client/index.js';
import {
  desiredReplicasAnnotation, newReplicaSet, oldestFirst, replicaSetAnnotations, sizeAnnotations, replicasOf, revisionAnnotation, revisionOf,
  sameTemplate, splitReplicaSets, type DeploymentObject, type ReplicaSetObject,
} from './replica-sets.js';
import { fenceposts, newRSReplicas, oldReplicaSetSizes, proportionalSizes } from './rolling.js';
import { deploymentStatus, isComplete } from './status.js';
import { rfc3339, withoutZeros } from '../../util/index.js';

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
  const now = (): string => rfc3339(clock.now());

  function deploymentsOfPod(p: Pod): string[] {
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return [];
    const rs = replicaSets.informer.get(`${p.metadata?.namespace}/${ref.name}`);
    return rs ? b.ownersOf(rs) : [];
  }

  async function scale(d: DeploymentObject, rs: ReplicaSetObject, replicas: number): Promise<ReplicaSetObject> {
    const from = replicasOf(rs);
    const annotations = { ...(rs.metadata.annotations ?? {}), ...sizeAnnotations(d, fenceposts(d).maxSurge) };
    if (from === replicas && semanticEqual(annotations, rs.metadata.annotations ?? {})) return rs;
    const updated = await client.update(replicaSetsR, { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } }) as ReplicaSetObject;
    if (from !== replicas) recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`);
    return updated;
  }

  /** The ReplicaSet for the current template, created (createIfMissing) or brought to the current revision. */
  async function newReplicaSetFor(d: DeploymentObject, rss: ReplicaSetObject[], createIfMissing: boolean): Promise<{ newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[]; created: boolean }> {
    const { newRS, oldRSs } = splitReplicaSets(d, rss);
    const revision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const { maxSurge } = fenceposts(d);
    if (newRS) {
      const annotations = replicaSetAnnotations(d, revision, maxSurge, newRS.metadata.annotations ?? {});
      const rs = semanticEqual(annotations, newRS.metadata.annotations ?? {}) ? newRS
        : await client.update(replicaSetsR, { ...newRS, metadata: { ...newRS.metadata, annotations } }) as ReplicaSetObject;
      await setRevision(d, rs.metadata.annotations?.[revisionAnnotation] ?? String(revision));
      return { newRS: rs, oldRSs, created: false };
    }
    if (!createIfMissing) return { newRS: undefined, oldRSs, created: false };
    const collisionCount = d.status?.collisionCount ?? 0;
    const replicas = newRSReplicas(d, oldRSs, undefined);
    const body = newReplicaSet(d, replicas, revision, maxSurge, collisionCount);
    let created: ReplicaSetObject;
    try {
      created = await client.create(replicaSetsR, d.metadata.namespace, body) as ReplicaSetObject;
    } catch (e: unknown) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await client.get<ReplicaSetObject>(replicaSetsR, d.metadata.namespace, body.metadata.name);
      if (controllerOf(existing)?.uid === d.metadata.uid && sameTemplate(existing.spec.template, d.spec.template)) return { newRS: existing, oldRSs, created: false };
      // A hash collision: another template owns the name. Bump collisionCount and try again next sync.
      await client.update(deploymentsR, { ...d, status: { ...(d.status ?? {}), collisionCount: collisionCount + 1 } }, 'status');
      throw new Error(`hash collision for ReplicaSet ${body.metadata.name}; collisionCount is now ${collisionCount + 1}`);
    }
    if (replicas > 0) recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
    await setRevision(d, String(revision));
    return { newRS: created, oldRSs, created: true };
  }

  async function setRevision(d: DeploymentObject, revision: string): Promise<void> {
    if (d.metadata.annotations?.[revisionAnnotation] === revision) return;
    const fresh = deployments.get(objectKeyOf(d)) as DeploymentObject | undefined;
    if (!fresh || fresh.metadata.uid !== d.metadata.uid) return;
    await client.update(deploymentsR, { ...fresh, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), [revisionAnnotation]: revision } } });
  }

  /** Old ReplicaSets beyond revisionHistoryLimit that run nothing, oldest revision first (upstream cleanupDeployment). */
  async function cleanup(d: DeploymentObject, oldRSs: readonly ReplicaSetObject[]): Promise<void> {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = oldRSs.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      await client.delete(replicaSetsR, rs.metadata.namespace, rs.metadata.name).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    }
  }

  async function syncStatus(d: DeploymentObject, allRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject | undefined, extra: { created?: boolean; paused?: boolean } = {}): Promise<void> {
    // Upstream serializes the counters with omitempty.
    const status = withoutZeros(deploymentStatus({ d, allRSs, newRS, now: now(), ...extra }), ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'observedGeneration']);
    const comparable = (s: object | undefined): unknown => JSON.parse(JSON.stringify(s ?? {}, (k, v: unknown) => (k === 'lastUpdateTime' ? undefined : v)));
    if (semanticEqual(comparable(d.status), comparable(status))) return;
    // After our own revision annotation update (or a user's edit) the status is written again on a fresh
    // copy only when the spec we synced is still current; else the next sync writes it.
    await writeStatus(client, deploymentsR, d, status, (fresh) => fresh.metadata.uid === d.metadata.uid && fresh.metadata.generation === d.metadata.generation);
  }

  const activeOf = (rss: readonly ReplicaSetObject[]): ReplicaSetObject[] => rss.filter((rs) => replicasOf(rs) > 0);

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const stored = deployments.get(key);
    if (!stored) return undefined;
    const d = { ...stored, apiVersion: 'apps/v1', kind: 'Deployment' } as DeploymentObject;
    const selector = fromLabelSelectorObject(d.spec.selector);
    if (!d.spec.selector?.matchLabels && !d.spec.selector?.matchExpressions?.length) {
      recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return undefined;
    }
    let rss = await claimObjects(client, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata }, replicaSets.index, replicaSetsR, selector);
    if (d.metadata.deletionTimestamp) {
      const { newRS } = splitReplicaSets(d, rss);
      await syncStatus(d, rss, newRS);
      return undefined;
    }
    // A replicas change (or a paused Deployment): scale the active ReplicaSets, no rollout.
    const scalingEvent = activeOf(rss).some((rs) => rs.metadata.annotations?.[desiredReplicasAnnotation] !== String(d.spec.replicas ?? 1));
    if (d.spec.paused || scalingEvent) {
      const { newRS, oldRSs } = await newReplicaSetFor(d, rss, false);
      rss = newRS ? [...oldRSs, newRS] : oldRSs;
      const active = activeOf(rss);
      if (active.length <= 1) {
        const target = active[0] ?? newRS ?? oldestFirst(rss).at(-1);
        if (target) rss = await Promise.all(rss.map((rs) => (rs === target ? scale(d, rs, d.spec.replicas ?? 1) : rs)));
      } else if (!d.spec.paused || scalingEvent) {
        const sizes = proportionalSizes(d, active);
        rss = await Promise.all(rss.map((rs) => (sizes.has(rs.metadata.name) ? scale(d, rs, sizes.get(rs.metadata.name)!) : rs)));
      }
      const split = splitReplicaSets(d, rss);
      await syncStatus(d, rss, split.newRS, { paused: d.spec.paused === true });
      return undefined;
    }
    return d.spec.strategy?.type === 'Recreate' ? recreate(d, rss) : rolling(d, rss);
  }

  async function rolling(d: DeploymentObject, rss: ReplicaSetObject[]): Promise<ReconcileResult | undefined> {
    const { newRS, oldRSs, created } = await newReplicaSetFor(d, rss, true);
    const all = [...oldRSs, newRS!];
    // Scale up the new ReplicaSet within maxSurge.
    const target = Math.min(newRSReplicas(d, all, newRS), d.spec.replicas ?? 1);
    if (newRS && replicasOf(newRS) !== target && !created) {
      const scaled = await scale(d, newRS, replicasOf(newRS) > (d.spec.replicas ?? 1) ? d.spec.replicas ?? 1 : target);
      await syncStatus(d, [...oldRSs, scaled], scaled);
      return undefined;
    }
    // Scale down old ReplicaSets within maxUnavailable.
    const sizes = oldReplicaSetSizes(d, oldRSs.filter((rs) => replicasOf(rs) > 0), newRS);
    if (sizes.size) {
      const olds = await Promise.all(oldRSs.map((rs) => (sizes.has(rs.metadata.name) ? scale(d, rs, sizes.get(rs.metadata.name)!) : rs)));
      await syncStatus(d, [...olds, newRS!], newRS);
      return undefined;
    }
    const status = deploymentStatus({ d, allRSs: all, newRS, now: now() });
    if (isComplete(d, status)) await cleanup(d, oldRSs);
    await syncStatus(d, all, newRS, { created });
    return progressRequeue(d);
  }

  async function recreate(d: DeploymentObject, rss: ReplicaSetObject[]): Promise<ReconcileResult | undefined> {
    const first = await newReplicaSetFor(d, rss, false);
    const activeOld = activeOf(first.oldRSs);
    if (activeOld.length) {
      const olds = await Promise.all(first.oldRSs.map((rs) => (replicasOf(rs) > 0 ? scale(d, rs, 0) : rs)));
      await syncStatus(d, first.newRS ? [...olds, first.newRS] : olds, first.newRS);
      return undefined;
    }
    // Old pods must be gone (terminating ones too) before the new ones start.
    const oldPodsRunning = first.oldRSs.some((rs) => podIndex.owned(rs.metadata.uid ?? '').some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'));
    if (oldPodsRunning) {
      await syncStatus(d, first.newRS ? [...first.oldRSs, first.newRS] : first.oldRSs, first.newRS);
      return undefined;
    }
    const { newRS, oldRSs, created } = first.newRS ? first : await newReplicaSetFor(d, rss, true);
    const scaled = newRS ? await scale(d, newRS, d.spec.replicas ?? 1) : undefined;
    const all = scaled ? [...oldRSs, scaled] : oldRSs;
    const status = deploymentStatus({ d, allRSs: all, newRS: scaled, now: now() });
    if (isComplete(d, status)) await cleanup(d, oldRSs);
    await syncStatus(d, all, scaled, { created });
    return progressRequeue(d);
  }

  /** A rollout that is not complete is looked at again when its progress deadline passes. */
  function progressRequeue(d: DeploymentObject): ReconcileResult | undefined {
    const deadline = d.spec.progressDeadlineSeconds;
    const progressing = (d.status?.conditions ?? []).find((c) => c.type === 'Progressing');
    if (deadline === undefined || !progressing || progressing.reason === 'NewReplicaSetAvailable' || progressing.status !== 'True') return undefined;
    const due = Date.parse(progressing.lastUpdateTime ?? '') + deadline * 1000 - clock.nowMs();
    return due > 0 ? { requeueAfterMs: due + 1000 } : undefined;
  }

  return b.complete({ reconcile: sync }, { workers: ctx.workers ?? 4 });
}
