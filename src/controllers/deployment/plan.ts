// The Deployment rule (upstream deployment controller: sync.go, rolling.go, recreate.go, progress.go): from a
// Deployment, the ReplicaSets it owns and their pods, the writes to make (in order) and the status to write.
// Pure: state in, actions out; index.ts reads the caches, plans and applies.
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { semanticEqual } from '../../api/index.js';
import { controllerOf } from '../../client/index.js';
import { rfc3339, withoutZeros } from '../../util/index.js';
import {
  desiredReplicasAnnotation, newReplicaSet, oldestFirst, replicaSetAnnotations, replicasOf, revisionAnnotation, revisionOf, sizeAnnotations,
  splitReplicaSets, type DeploymentObject, type ReplicaSetObject,
} from './replica-sets.js';
import { fenceposts, newRSReplicas, oldReplicaSetSizes, proportionalSizes } from './rolling.js';
import { deploymentStatus, isComplete } from './status.js';

export interface DeploymentEvent { readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string }

export type Action =
  /** Create the ReplicaSet for the current template; an AlreadyExists means the cache lags or the hash collides. */
  | { readonly kind: 'createReplicaSet'; readonly rs: ReplicaSetObject; readonly event?: DeploymentEvent }
  /** Write the ReplicaSet as given (replicas and annotations changed); the event once it is written. */
  | { readonly kind: 'updateReplicaSet'; readonly rs: ReplicaSetObject; readonly event?: DeploymentEvent }
  /** Set the Deployment's revision annotation (on the cached Deployment, if it is still the same object). */
  | { readonly kind: 'setRevision'; readonly revision: string }
  /** An old ReplicaSet beyond revisionHistoryLimit (a NotFound is done). */
  | { readonly kind: 'deleteReplicaSet'; readonly rs: ReplicaSetObject }
  | { readonly kind: 'recordEvent'; readonly event: DeploymentEvent };

export interface DeploymentInput {
  readonly d: DeploymentObject;
  /** The ReplicaSets the Deployment owns (after adoption and release). */
  readonly replicaSets: readonly ReplicaSetObject[];
  /** The pods of those ReplicaSets (Recreate waits for the old ones to go). */
  readonly pods: readonly Pod[];
  readonly nowMs: number;
}

export interface DeploymentPlan {
  /** Run in order; a failing action ends the sync (it is retried with backoff) and the status is not written. */
  readonly actions: readonly Action[];
  /** The status to write, when it differs from the current one (lastUpdateTime aside). */
  readonly status?: DeploymentStatus;
  /** Look again when the progress deadline passes. */
  readonly requeueAfterMs?: number;
}

const activeOf = (rss: readonly ReplicaSetObject[]): ReplicaSetObject[] => rss.filter((rs) => replicasOf(rs) > 0);
const hasSelector = (d: DeploymentObject): boolean => Boolean(d.spec.selector?.matchLabels || d.spec.selector?.matchExpressions?.length);
const scalingEvent = (rs: ReplicaSetObject, from: number, to: number): DeploymentEvent =>
  ({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}` });

interface NewReplicaSet { newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[]; created: boolean }

/** One sync's decisions so far: the actions, and the ReplicaSets as they will be once the actions are applied. */
class Draft {
  readonly actions: Action[] = [];
  readonly #d: DeploymentObject;
  readonly #now: string;
  constructor(d: DeploymentObject, nowMs: number) {
    this.#d = d;
    this.#now = rfc3339(new Date(nowMs));
  }

  /** Upstream scaleReplicaSet: the size and the size annotations; the event only when the size changes. */
  scale(rs: ReplicaSetObject, replicas: number): ReplicaSetObject {
    const from = replicasOf(rs);
    const annotations = { ...(rs.metadata.annotations ?? {}), ...sizeAnnotations(this.#d, fenceposts(this.#d).maxSurge) };
    if (from === replicas && semanticEqual(annotations, rs.metadata.annotations ?? {})) return rs;
    const next: ReplicaSetObject = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } };
    this.actions.push({ kind: 'updateReplicaSet', rs: next, ...(from !== replicas ? { event: scalingEvent(rs, from, replicas) } : {}) });
    return next;
  }

  /** Upstream getNewReplicaSet: the ReplicaSet for the current template, created (createIfMissing) or brought to the current revision. */
  newReplicaSet(rss: readonly ReplicaSetObject[], createIfMissing: boolean): NewReplicaSet {
    const d = this.#d;
    const { newRS, oldRSs } = splitReplicaSets(d, rss);
    const revision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const { maxSurge } = fenceposts(d);
    if (newRS) {
      const annotations = replicaSetAnnotations(d, revision, maxSurge, newRS.metadata.annotations ?? {});
      let rs = newRS;
      if (!semanticEqual(annotations, newRS.metadata.annotations ?? {})) {
        rs = { ...newRS, metadata: { ...newRS.metadata, annotations } };
        this.actions.push({ kind: 'updateReplicaSet', rs });
      }
      this.#setRevision(rs.metadata.annotations?.[revisionAnnotation] ?? String(revision));
      return { newRS: rs, oldRSs, created: false };
    }
    if (!createIfMissing) return { newRS: undefined, oldRSs, created: false };
    const replicas = newRSReplicas(d, oldRSs, undefined);
    const rs = newReplicaSet(d, replicas, revision, maxSurge, d.status?.collisionCount ?? 0);
    this.actions.push({ kind: 'createReplicaSet', rs, ...(replicas > 0 ? { event: scalingEvent(rs, 0, replicas) } : {}) });
    this.#setRevision(String(revision));
    return { newRS: rs, oldRSs, created: true };
  }

  #setRevision(revision: string): void {
    if (this.#d.metadata.annotations?.[revisionAnnotation] !== revision) this.actions.push({ kind: 'setRevision', revision });
  }

  /** Upstream cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit that run nothing, oldest revision first. */
  cleanup(oldRSs: readonly ReplicaSetObject[]): void {
    const limit = this.#d.spec.revisionHistoryLimit ?? 10;
    const idle = oldRSs.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.actions.push({ kind: 'deleteReplicaSet', rs });
  }

  statusOf(allRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject | undefined, extra: { created?: boolean; paused?: boolean } = {}): DeploymentStatus {
    return deploymentStatus({ d: this.#d, allRSs, newRS, now: this.#now, ...extra });
  }

  /** The plan, with the status only when it changed (upstream serializes the counters with omitempty). */
  finish(status: DeploymentStatus, requeueAfterMs?: number): DeploymentPlan {
    const wire = withoutZeros(status, ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'observedGeneration']);
    const comparable = (s: object | undefined): unknown => JSON.parse(JSON.stringify(s ?? {}, (k, v: unknown) => (k === 'lastUpdateTime' ? undefined : v)));
    const changed = !semanticEqual(comparable(this.#d.status), comparable(wire));
    return { actions: this.actions, ...(changed ? { status: wire } : {}), ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
  }
}

/** A rollout that is not complete is looked at again when its progress deadline passes (from the status as read). */
export function progressRequeueMs(d: DeploymentObject, nowMs: number): number | undefined {
  const deadline = d.spec.progressDeadlineSeconds;
  const progressing = (d.status?.conditions ?? []).find((c) => c.type === 'Progressing');
  if (deadline === undefined || !progressing || progressing.reason === 'NewReplicaSetAvailable' || progressing.status !== 'True') return undefined;
  const due = Date.parse(progressing.lastUpdateTime ?? '') + deadline * 1000 - nowMs;
  return due > 0 ? due + 1000 : undefined;
}

export function planDeployment(input: DeploymentInput): DeploymentPlan {
  const { d } = input;
  if (!hasSelector(d)) {
    return { actions: [{ kind: 'recordEvent', event: { type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' } }] };
  }
  const draft = new Draft(d, input.nowMs);
  const rss = [...input.replicaSets];
  if (d.metadata.deletionTimestamp) return draft.finish(draft.statusOf(rss, splitReplicaSets(d, rss).newRS));
  // A replicas change (or a paused Deployment): scale the active ReplicaSets, no rollout.
  const scaling = activeOf(rss).some((rs) => rs.metadata.annotations?.[desiredReplicasAnnotation] !== String(d.spec.replicas ?? 1));
  if (d.spec.paused || scaling) return planScale(draft, d, rss, scaling);
  return d.spec.strategy?.type === 'Recreate' ? planRecreate(draft, input) : planRolling(draft, d, rss, input.nowMs);
}

/** Upstream sync: bring the active ReplicaSets to the new size, proportionally when several are active. */
function planScale(draft: Draft, d: DeploymentObject, rss: readonly ReplicaSetObject[], scaling: boolean): DeploymentPlan {
  const { newRS, oldRSs } = draft.newReplicaSet(rss, false);
  let all = newRS ? [...oldRSs, newRS] : oldRSs;
  const active = activeOf(all);
  if (active.length <= 1) {
    const target = active[0] ?? newRS ?? oldestFirst(all).at(-1);
    if (target) all = all.map((rs) => (rs === target ? draft.scale(rs, d.spec.replicas ?? 1) : rs));
  } else if (!d.spec.paused || scaling) {
    const sizes = proportionalSizes(d, active);
    all = all.map((rs) => { const n = sizes.get(rs.metadata.name); return n === undefined ? rs : draft.scale(rs, n); });
  }
  return draft.finish(draft.statusOf(all, splitReplicaSets(d, all).newRS, { paused: d.spec.paused === true }));
}

/** Upstream rolloutRolling: scale the new ReplicaSet up within maxSurge, else old ones down within maxUnavailable. */
function planRolling(draft: Draft, d: DeploymentObject, rss: readonly ReplicaSetObject[], nowMs: number): DeploymentPlan {
  const { newRS, oldRSs, created } = draft.newReplicaSet(rss, true);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  const replicas = d.spec.replicas ?? 1;
  const target = Math.min(newRSReplicas(d, all, newRS), replicas);
  if (newRS && replicasOf(newRS) !== target && !created) {
    const scaled = draft.scale(newRS, replicasOf(newRS) > replicas ? replicas : target);
    return draft.finish(draft.statusOf([...oldRSs, scaled], scaled));
  }
  const sizes = oldReplicaSetSizes(d, activeOf(oldRSs), newRS);
  if (sizes.size) {
    const olds = oldRSs.map((rs) => { const n = sizes.get(rs.metadata.name); return n === undefined ? rs : draft.scale(rs, n); });
    return draft.finish(draft.statusOf(newRS ? [...olds, newRS] : olds, newRS));
  }
  if (isComplete(d, draft.statusOf(all, newRS))) draft.cleanup(oldRSs);
  return draft.finish(draft.statusOf(all, newRS, { created }), progressRequeueMs(d, nowMs));
}

/** Upstream rolloutRecreate: old ReplicaSets to zero, wait for their pods to go, then the new one at full size. */
function planRecreate(draft: Draft, input: DeploymentInput): DeploymentPlan {
  const { d } = input;
  const first = draft.newReplicaSet(input.replicaSets, false);
  const withNew = (olds: readonly ReplicaSetObject[], rs: ReplicaSetObject | undefined): ReplicaSetObject[] => (rs ? [...olds, rs] : [...olds]);
  if (activeOf(first.oldRSs).length) {
    const olds = first.oldRSs.map((rs) => (replicasOf(rs) > 0 ? draft.scale(rs, 0) : rs));
    return draft.finish(draft.statusOf(withNew(olds, first.newRS), first.newRS));
  }
  // Old pods must be gone (terminating ones too) before the new ones start.
  const oldUids = new Set(first.oldRSs.map((rs) => rs.metadata.uid ?? ''));
  const oldPodsRunning = input.pods.some((p) => oldUids.has(controllerOf(p)?.uid ?? '\u0000') && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (oldPodsRunning) return draft.finish(draft.statusOf(withNew(first.oldRSs, first.newRS), first.newRS));
  const { newRS, oldRSs, created } = first.newRS ? first : draft.newReplicaSet(input.replicaSets, true);
  const scaled = newRS ? draft.scale(newRS, d.spec.replicas ?? 1) : undefined;
  const all = withNew(oldRSs, scaled);
  if (isComplete(d, draft.statusOf(all, scaled))) draft.cleanup(oldRSs);
  return draft.finish(draft.statusOf(all, scaled, { created }), progressRequeueMs(d, input.nowMs));
}
