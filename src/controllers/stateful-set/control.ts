// The StatefulSet control rule (upstream updateStatefulSet): from the set, its pods and claims and its
// two revisions, decide what to do next and what the status is. Pure: state in, steps and status out.
//
// The ordering rule lives here. Under OrderedReady ("monotonic") the plan stops at the first pod that is
// missing, terminating, not Running and Ready, or not yet available: ordinal n+1 is never created while
// ordinal n is not Running, Ready and Available, and scale-down deletes one pod at a time from the top.
// Under Parallel every replica is processed (the shell runs the steps in slow-start batches 1, 2, 4, …).
// Rolling updates always replace one pod at a time, highest ordinal first, from the partition up.
// Under volumeClaimUpdatePolicy InPlace (KEP-4650) a replica's claims grow to their templates' request, and are
// ready, before its pod is replaced; the claims go in the same order, one replica at a time.
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import { claimNamesFor, claimsFor, identityMatches, inOrdinalRange, newPod, ordinalOf, ordinalRange, podRevision, withIdentity, type SetObject } from './identity.js';
import { isCreated, isFailed, isHealthy, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating, msUntilAvailable } from './health.js';
import { applyRevision } from './revision.js';
import type { Revision } from '../../client/index.js';
import { claimIsStale, claimOwners } from './retention.js';
import { ordinalClaims, volumeClaimTemplatesStatus, type ClaimResize, type VolumeClaimTemplateStatus } from './claim-update.js';

export type Action =
  /** Create the pod's missing claims, then the pod (upstream CreateStatefulPod). */
  | { readonly kind: 'createPod'; readonly pod: Pod; readonly claims: readonly PersistentVolumeClaim[]; readonly deletingClaims: readonly string[] }
  /** A pending pod whose claims were deleted: create them again. */
  | { readonly kind: 'createClaims'; readonly pod: Pod; readonly claims: readonly PersistentVolumeClaim[] }
  | { readonly kind: 'deletePod'; readonly pod: Pod; readonly why: 'finished' | 'condemned' | 'update' }
  /** Put the identity labels back. */
  | { readonly kind: 'updatePod'; readonly pod: Pod }
  | { readonly kind: 'updateClaimOwners'; readonly pod: Pod; readonly claim: PersistentVolumeClaim; readonly ownerReferences: NonNullable<NonNullable<PersistentVolumeClaim['metadata']>['ownerReferences']> }
  | { readonly kind: 'claimConflict'; readonly pod: Pod; readonly claim: PersistentVolumeClaim; readonly owner: string }
  | ClaimResize;

/** The status the controller writes: upstream's plus KEP-4650's per-template claim counts under InPlace. */
export type SetStatus = StatefulSetStatus & { volumeClaimTemplates?: VolumeClaimTemplateStatus[] };

/** One pod's actions, run in order; a failing action ends the step (and, under OrderedReady, the sync). */
export type Step = readonly Action[];

export interface ControlInput {
  readonly set: SetObject;
  /** The pods the set owns (after adoption and release). */
  readonly pods: readonly Pod[];
  /** Claims of the set's namespace, by name. */
  readonly claims: ReadonlyMap<string, PersistentVolumeClaim>;
  readonly current: Revision;
  readonly update: Revision;
  readonly collisionCount: number;
  readonly nowMs: number;
}

export interface ControlPlan {
  /** OrderedReady: run the steps one after another. Parallel: run them in slow-start batches. */
  readonly monotonic: boolean;
  readonly replicas: readonly Step[];
  readonly condemned: readonly Step[];
  /** The rolling-update deletion, if any (after replicas and condemned). */
  readonly update: Step;
  readonly status: SetStatus;
  /** Sync again after this long (a ready pod becomes available after minReadySeconds). */
  readonly requeueAfterMs?: number;
}

const isMonotonic = (set: SetObject): boolean => set.spec?.podManagementPolicy !== 'Parallel';

/** Status counted from the pods (upstream computeReplicaStatus). */
export interface ReplicaCounts { replicas: number; readyReplicas: number; availableReplicas: number; currentReplicas: number; updatedReplicas: number }

export function replicaStatus(pods: readonly Pod[], minReadySeconds: number, current: string, update: string, nowMs: number): ReplicaCounts {
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (isCreated(pod)) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) s.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === current) s.currentReplicas++;
      if (podRevision(pod) === update) s.updatedReplicas++;
    }
  }
  return s;
}

/** The pod for a missing ordinal: at the current revision below the partition, else at the update revision (upstream newVersionedStatefulSetPod). */
function versionedPod(input: ControlInput, ordinal: number): Pod {
  const { set, current, update } = input;
  const { start } = ordinalRange(set);
  const strategy = set.spec?.updateStrategy;
  const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const belowCurrent = rolling && (strategy?.rollingUpdate
    ? ordinal < start + (strategy.rollingUpdate.partition ?? 0)
    : ordinal < start + (set.status?.currentReplicas ?? 0));
  const revision = belowCurrent ? current : update;
  return newPod(set, ordinal, revision.metadata.name, applyRevision(set, revision).spec!.template);
}

/** The claims of an ordinal that do not exist (built only when some are missing: this runs for every replica on every sync). */
function missingClaims(input: ControlInput, ordinal: number): PersistentVolumeClaim[] {
  if (claimNamesFor(input.set, ordinal).every((n) => input.claims.has(n))) return [];
  return claimsFor(input.set, ordinal).filter((c) => !input.claims.has(c.metadata!.name!));
}

/** Owner-reference fixes for the pod's claims under the retention policy. */
function retentionActions(input: ControlInput, pod: Pod, ordinal: number, inRange: boolean): Action[] {
  const out: Action[] = [];
  const policy = input.set.spec?.persistentVolumeClaimRetentionPolicy;
  const retainAll = (policy?.whenDeleted ?? 'Retain') === 'Retain' && (policy?.whenScaled ?? 'Retain') === 'Retain';
  for (const name of claimNamesFor(input.set, ordinal)) {
    const claim = input.claims.get(name);
    if (!claim) continue; // picked up when it exists
    if (retainAll && !claim.metadata?.ownerReferences?.length) continue; // nothing to add or remove
    const d = claimOwners(input.set, claim, pod, inRange);
    if (d.kind === 'update') out.push({ kind: 'updateClaimOwners', pod, claim, ownerReferences: d.ownerReferences });
    else if (d.kind === 'conflict') out.push({ kind: 'claimConflict', pod, claim, owner: `${d.owner.kind}/${d.owner.name}` });
  }
  return out;
}

export function planStatefulSet(input: ControlInput): ControlPlan {
  const { set, nowMs } = input;
  const minReady = set.spec?.minReadySeconds ?? 0;
  const current = input.current.metadata.name;
  const update = input.update.metadata.name;
  const counts = replicaStatus(input.pods, minReady, current, update, nowMs);
  const { start, end } = ordinalRange(set);

  // Replicas (in range, by ordinal) and condemned (members beyond the range, highest first).
  const replicas: (Pod | undefined)[] = new Array(end - start).fill(undefined);
  const condemned: Pod[] = [];
  const ordinals = new Map<Pod, number>();
  for (const pod of input.pods) {
    const ord = ordinalOf(set, pod.metadata?.name ?? '');
    if (ord < 0) continue;
    ordinals.set(pod, ord);
    if (ord >= start && ord < end) replicas[ord - start] = pod;
    else condemned.push(pod);
  }
  condemned.sort((a, b) => ordinals.get(b)! - ordinals.get(a)!);
  const pods = replicas.map((p, i) => p ?? versionedPod(input, start + i));

  // The first unhealthy pod: lowest in-range ordinal, else the lowest condemned one.
  let firstUnhealthy: Pod | undefined = pods.find((p) => !isHealthy(p));
  for (let i = condemned.length - 1; i >= 0 && !firstUnhealthy; i--) if (!isHealthy(condemned[i]!)) firstUnhealthy = condemned[i];

  let requeueAfterMs: number | undefined;
  for (const p of input.pods) {
    const ms = msUntilAvailable(p, minReady, nowMs);
    if (ms !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? ms, ms);
  }
  const finish = (replicaSteps: Step[], condemnedSteps: Step[], updateStep: Step): ControlPlan => {
    const plan: ControlPlan = { monotonic, replicas: replicaSteps, condemned: condemnedSteps, update: updateStep, status: finalStatus(input, counts), ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
    checkInvariants(input, plan);
    return plan;
  };

  const monotonic = isMonotonic(set);
  if (set.metadata.deletionTimestamp) return finish([], [], []);

  // 1. Replicas: replace finished pods, create missing ones, fix identity and claim ownership.
  const replicaSteps: Step[] = [];
  let exit = false;
  for (let i = 0; i < pods.length && !exit; i++) {
    const pod = pods[i]!;
    const ordinal = start + i;
    const step: Action[] = [];
    const done = (stop: boolean): void => {
      if (step.length) replicaSteps.push(step);
      if (stop && monotonic) exit = true;
    };
    if (isFailed(pod) || isSucceeded(pod)) {
      // Deleted now, created again on a later sync once it is gone.
      if (!isTerminating(pod)) step.push({ kind: 'deletePod', pod, why: 'finished' });
      done(true);
      continue;
    }
    if (!isCreated(pod)) {
      const stale = claimNamesFor(set, ordinal).some((n) => { const c = input.claims.get(n); return c !== undefined && claimIsStale(c, pod); });
      if (stale) { done(true); continue; } // the GC is removing a claim a scaled-down pod owned
      const deletingClaims = claimNamesFor(set, ordinal).filter((n) => input.claims.get(n)?.metadata?.deletionTimestamp != null);
      // KEP-4650: a pod created at the update revision finds its existing claims grown first (OnDelete included).
      if (podRevision(pod) === update) {
        const grow = ordinalClaims(set, ordinal, pod, input.claims);
        if (grow.kind === 'resize') step.push(...grow.actions);
      }
      step.push({ kind: 'createPod', pod, claims: missingClaims(input, ordinal), deletingClaims });
      counts.replicas++;
      if (podRevision(pod) === current) counts.currentReplicas++;
      if (podRevision(pod) === update) counts.updatedReplicas++;
      done(true);
      continue;
    }
    if (isPending(pod)) {
      const missing = missingClaims(input, ordinal);
      if (missing.length) step.push({ kind: 'createClaims', pod, claims: missing });
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowMs))) { done(true); continue; }
    if (!identityMatches(set, pod, ordinal)) step.push({ kind: 'updatePod', pod: withIdentity(set, pod) });
    step.push(...retentionActions(input, pod, ordinal, true));
    done(false);
  }
  if (exit) return finish(replicaSteps, [], []);

  // 2. Claims of condemned pods move to the pod under whenScaled: Delete (before the pod goes).
  const condemnedSteps: Step[] = [];
  for (const pod of condemned) {
    const fixes = retentionActions(input, pod, ordinals.get(pod)!, false);
    if (fixes.length) condemnedSteps.push(fixes);
  }
  // 3. Scale down: condemned pods, highest ordinal first.
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) { exit = true; break; }
      continue;
    }
    if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowMs))) { exit = true; break; }
    condemnedSteps.push([{ kind: 'deletePod', pod, why: 'condemned' }]);
    if (podRevision(pod) === current) counts.currentReplicas--;
    if (podRevision(pod) === update) counts.updatedReplicas--;
    if (monotonic) { exit = true; break; }
  }
  if (exit || set.spec?.updateStrategy?.type === 'OnDelete') return finish(replicaSteps, condemnedSteps, []);

  // 4. Rolling update: delete the highest pod (at or above the partition) not at the update revision, one at a time.
  //    Under InPlace the replica's claims are grown first, and the rollout waits until they are ready.
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = pods.length - 1; target >= partition; target--) {
    const pod = pods[target]!;
    if (isCreated(pod) && !isTerminating(pod)) {
      const grow = ordinalClaims(set, start + target, pod, input.claims);
      if (grow.kind === 'resize') return finish(replicaSteps, condemnedSteps, grow.actions);
      if (grow.kind === 'wait') break;
    }
    if (podRevision(pod) !== update && !isTerminating(pod)) {
      if (podRevision(pod) === current) counts.currentReplicas--;
      return finish(replicaSteps, condemnedSteps, [{ kind: 'deletePod', pod, why: 'update' }]);
    }
    if (!isHealthy(pod)) break; // wait for the replacement
  }
  return finish(replicaSteps, condemnedSteps, []);
}

/** Status after the plan (upstream: counts adjusted as actions are taken, then the rollout completed when every pod is updated and ready). */
function finalStatus(input: ControlInput, counts: ReplicaCounts): SetStatus {
  const status = {
    observedGeneration: input.set.metadata.generation ?? 0,
    replicas: counts.replicas, readyReplicas: counts.readyReplicas, currentReplicas: counts.currentReplicas, updatedReplicas: counts.updatedReplicas, availableReplicas: counts.availableReplicas,
    currentRevision: input.current.metadata.name, updateRevision: input.update.metadata.name, collisionCount: input.collisionCount,
  };
  const rolling = (input.set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  const claims = volumeClaimTemplatesStatus(input.set, input.claims);
  return (claims ? { ...status, volumeClaimTemplates: claims } : status) satisfies SetStatus;
}

export class InvariantError extends Error {
  override name = 'InvariantError';
}

/**
 * The guarantees the plan must keep, checked on every plan: under OrderedReady at most one pod is created
 * or deleted per sync, a pod is created only when every lower ordinal is Running, Ready and Available, and
 * a pod is deleted only when no other pod is being created or deleted; two pods never share a name.
 */
export function checkInvariants(input: ControlInput, plan: ControlPlan): void {
  const { set, nowMs } = input;
  const minReady = set.spec?.minReadySeconds ?? 0;
  const all = [...plan.replicas, ...plan.condemned, plan.update].flat();
  const creates = all.filter((a) => a.kind === 'createPod');
  const deletes = all.filter((a) => a.kind === 'deletePod');
  const existing = new Set(input.pods.map((p) => p.metadata?.name));
  for (const c of creates) {
    if (existing.has(c.pod.metadata?.name)) throw new InvariantError(`pod ${c.pod.metadata?.name} would be created while a pod of that name exists`);
    if (!inOrdinalRange(set, ordinalOf(set, c.pod.metadata!.name!))) throw new InvariantError(`pod ${c.pod.metadata?.name} is outside the ordinal range`);
  }
  if (!plan.monotonic) return;
  if (creates.length + deletes.length > 1) throw new InvariantError(`OrderedReady plan creates ${creates.length} and deletes ${deletes.length} pods at once`);
  for (const c of creates) {
    const ord = ordinalOf(set, c.pod.metadata!.name!);
    for (const p of input.pods) {
      const o = ordinalOf(set, p.metadata?.name ?? '');
      if (o >= ordinalRange(set).start && o < ord && !(isHealthy(p) && isRunningAndAvailable(p, minReady, nowMs))) {
        throw new InvariantError(`OrderedReady: ${c.pod.metadata?.name} would be created while ${p.metadata?.name} is not Running, Ready and Available`);
      }
    }
    const present = new Set(input.pods.map((p) => ordinalOf(set, p.metadata?.name ?? '')));
    for (let o = ordinalRange(set).start; o < ord; o++) if (!present.has(o)) throw new InvariantError(`OrderedReady: ${c.pod.metadata?.name} would be created before ${set.metadata.name}-${o}`);
  }
}
