// State-in/state-out tables for the StatefulSet control rule (control.ts): each row is a set, its pods
// and claims; the expected plan is written as one line per step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { newPod, podRevision, type SetObject } from './identity.js';
import { newRevision } from './revision.js';
import { checkInvariants, InvariantError, planStatefulSet, type Action, type ControlPlan } from './control.js';
import type { Revision } from '../../client/index.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

interface SetOptions {
  replicas?: number; parallel?: boolean; partition?: number; onDelete?: boolean; minReady?: number; start?: number;
  image?: string; claims?: boolean; whenScaled?: 'Retain' | 'Delete'; whenDeleted?: 'Retain' | 'Delete'; deleting?: boolean; currentReplicas?: number; noRollingBlock?: boolean;
  /** KEP-4650: volumeClaimUpdatePolicy InPlace, and the template's storage request (default 1Gi). */
  inPlace?: boolean; storage?: string; storageClassName?: string;
}
function web(o: SetOptions = {}): SetObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 3, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      serviceName: 'nginx', replicas: o.replicas ?? 3, selector: { matchLabels: { app: 'nginx' } },
      podManagementPolicy: o.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy: o.onDelete ? { type: 'OnDelete' } : o.noRollingBlock ? { type: 'RollingUpdate' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      minReadySeconds: o.minReady ?? 0,
      ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
      persistentVolumeClaimRetentionPolicy: { whenDeleted: o.whenDeleted ?? 'Retain', whenScaled: o.whenScaled ?? 'Retain' },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1' }] } },
      ...(o.claims === false ? {} : { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: {
        accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.storage ?? '1Gi' } }, ...(o.storageClassName ? { storageClassName: o.storageClassName } : {}),
      } }] }),
      ...(o.inPlace ? { volumeClaimUpdatePolicy: 'InPlace' } : {}),
    },
    status: { replicas: 0, currentReplicas: o.currentReplicas ?? 0 },
  };
}
const rev = (set: SetObject, image: string, n: number): Revision => {
  const r = newRevision({ ...set, spec: { ...set.spec!, template: { ...set.spec!.template, spec: { containers: [{ name: 'nginx', image }] } } } }, n) as Revision;
  return r;
};

type PodState = 'pending' | 'running' | 'ready' | 'readyJustNow' | 'failed' | 'succeeded' | 'terminating';
/** "web-1:ready", or "web-1:ready@old" for a pod at the old revision (image nginx:0) */
function pod(set: SetObject, spec: string, revs: { old: Revision; cur: Revision }): Pod {
  const [main, which] = spec.split('@') as [string, string | undefined];
  const [name, state = 'ready'] = main.split(':') as [string, PodState?];
  const ordinal = Number(name.split('-').at(-1));
  const r = which === 'old' ? revs.old : revs.cur;
  const base = newPod(set, ordinal, r.metadata.name);
  const st = state as PodState;
  const readyAt = st === 'readyJustNow' ? new Date(NOW - 1000).toISOString() : '2026-01-01T00:00:00Z';
  const metadata = { ...base.metadata, uid: `uid-${name}`, ...(st === 'terminating' ? { deletionTimestamp: '2026-01-01T00:09:00Z' } : {}) };
  return { ...base, metadata, status: {
    phase: { pending: 'Pending', running: 'Running', ready: 'Running', readyJustNow: 'Running', failed: 'Failed', succeeded: 'Succeeded', terminating: 'Running' }[st],
    conditions: [{ type: 'Ready', status: st === 'ready' || st === 'readyJustNow' || st === 'terminating' ? 'True' : 'False', lastTransitionTime: readyAt }],
  } };
}

function describe(a: Action): string {
  switch (a.kind) {
    case 'createPod': return `create ${a.pod.metadata!.name}@${podRevision(a.pod).endsWith(revNames.old) ? 'old' : 'cur'}${a.claims.length ? ` claims=${a.claims.map((c) => c.metadata!.name).join(',')}` : ''}${a.deletingClaims.length ? ` deleting=${a.deletingClaims.join(',')}` : ''}`;
    case 'createClaims': return `claims ${a.claims.map((c) => c.metadata!.name).join(',')}`;
    case 'deletePod': return `delete ${a.pod.metadata!.name} (${a.why})`;
    case 'updatePod': return `relabel ${a.pod.metadata!.name}`;
    case 'updateClaimOwners': return `owners ${a.claim.metadata!.name} -> [${a.ownerReferences.map((r) => `${r.kind}/${r.name}`).join(',')}]`;
    case 'claimConflict': return `conflict ${a.claim.metadata!.name} ${a.owner}`;
    case 'resizeClaim': return `resize ${a.claim.metadata!.name} -> ${a.storage}`;
  }
}
const revNames = { old: '', cur: '' };
const lines = (p: ControlPlan): string[] => [...p.replicas, ...p.condemned, p.update].filter((s) => s.length).map((s) => s.map(describe).join(' ; '));

interface Row {
  name: string;
  set: SetOptions;
  pods: string[];
  /**
   * Claims that exist: "www-web-0", "www-web-0:deleting", "www-web-2:pod=web-2", "www-web-2:pod=web-2@gone", "www-web-0:set", "www-web-0:other";
   * "www-web-0=2Gi/1Gi" is a Bound claim requesting 2Gi with 1Gi capacity ("=1Gi/pending": not bound; "…/1Gi@slow": class slow).
   */
  claims?: string[];
  /** The update revision is the old one's successor ("cur"); current is "old" unless currentIsUpdate. */
  currentIsUpdate?: boolean;
  plan: string[];
  status?: Record<string, unknown>;
  requeue?: boolean;
}

function claim(set: SetObject, spec: string): PersistentVolumeClaim {
  if (spec.includes('=') && !spec.includes(':')) return sizedClaim(spec);
  const [name, how] = spec.split(':') as [string, string | undefined];
  const metadata: NonNullable<PersistentVolumeClaim['metadata']> = { name, namespace: 'default', uid: `uid-${name}`, ...(how === 'deleting' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) };
  const c = { metadata, spec: {} };
  if (how === 'set') c.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }];
  if (how === 'other') c.metadata.ownerReferences = [{ apiVersion: 'example.com/v1', kind: 'Thing', name: 'x', uid: 'uid-x', controller: true }];
  if (how?.startsWith('pod=')) {
    const [podName, gone] = how.slice(4).split('@') as [string, string | undefined];
    c.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: podName, uid: gone ? 'uid-gone' : `uid-${podName}`, controller: true, blockOwnerDeletion: true }];
  }
  return c;
}

function sizedClaim(spec: string): PersistentVolumeClaim {
  const [name, sizes] = spec.split('=') as [string, string];
  const [request, rest] = sizes.split('/') as [string, string];
  const [capacity, cls] = rest.split('@') as [string, string | undefined];
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: request } }, ...(cls ? { storageClassName: cls } : {}) },
    status: capacity === 'pending' ? { phase: 'Pending' } : { phase: 'Bound', capacity: { storage: capacity } },
  };
}
const sized = (request: string, capacity: string, ...names: number[]): string[] => names.map((n) => `www-web-${n}=${request}/${capacity}`);
const claimStatus = (compatible: number, updating: number, overSized: number, totalCapacity: string): unknown => [{ templateName: 'www', compatible, updating, overSized, totalCapacity }];

const rows: Row[] = [
  // --- OrderedReady creation (STS-16/17)
  { name: 'new set creates only ordinal 0, with its claim', set: {}, pods: [], currentIsUpdate: true, plan: ['create web-0@cur claims=www-web-0'], status: { replicas: 1, currentReplicas: 1, updatedReplicas: 1 } },
  { name: 'web-1 waits for web-0 to be Running and Ready', set: {}, pods: ['web-0:running'], currentIsUpdate: true, plan: [] },
  { name: 'web-1 waits for a pending web-0', set: {}, pods: ['web-0:pending'], claims: ['www-web-0'], currentIsUpdate: true, plan: [] },
  { name: 'ready web-0 lets web-1 be created', set: {}, pods: ['web-0:ready'], claims: ['www-web-0'], currentIsUpdate: true, plan: ['create web-1@cur claims=www-web-1'] },
  { name: 'existing claim is reused', set: {}, pods: ['web-0:ready'], claims: ['www-web-0', 'www-web-1'], currentIsUpdate: true, plan: ['create web-1@cur'] },
  { name: 'a missing lower ordinal is recreated first', set: {}, pods: ['web-1:ready', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['create web-0@cur'] },
  { name: 'minReadySeconds: a just-ready pod is not yet available', set: { minReady: 10 }, pods: ['web-0:readyJustNow'], claims: ['www-web-0'], currentIsUpdate: true, plan: [], status: { readyReplicas: 1, availableReplicas: 0 }, requeue: true },
  { name: 'minReadySeconds: an available pod lets the next be created', set: { minReady: 10 }, pods: ['web-0:ready'], claims: ['www-web-0'], currentIsUpdate: true, plan: ['create web-1@cur claims=www-web-1'], status: { availableReplicas: 1 } },
  { name: 'a terminating pod blocks', set: {}, pods: ['web-0:terminating'], claims: ['www-web-0'], currentIsUpdate: true, plan: [] },
  { name: 'a claim being deleted is reported on create', set: {}, pods: [], claims: ['www-web-0:deleting'], currentIsUpdate: true, plan: ['create web-0@cur deleting=www-web-0'] },
  { name: 'pending pod with a deleted claim gets it back (STS-13)', set: {}, pods: ['web-0:pending'], currentIsUpdate: true, plan: ['claims www-web-0'] },
  // --- failure (STS-23)
  { name: 'a failed pod is deleted, not yet recreated', set: {}, pods: ['web-0:ready', 'web-1:failed'], claims: ['www-web-0', 'www-web-1'], currentIsUpdate: true, plan: ['delete web-1 (finished)'] },
  { name: 'a succeeded pod is deleted too', set: { parallel: true }, pods: ['web-0:succeeded', 'web-1:ready', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-0 (finished)'] },
  // --- identity (STS-06)
  { name: 'a stripped pod-name label is put back', set: { replicas: 1 }, pods: ['web-0:ready'], claims: ['www-web-0'], currentIsUpdate: true, plan: ['relabel web-0'] },
  // --- OrderedReady scale-down (STS-18)
  { name: 'scale down deletes the highest ordinal only', set: { replicas: 1 }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-2 (condemned)'] },
  { name: 'scale down waits for a terminating condemned pod', set: { replicas: 1 }, pods: ['web-0:ready', 'web-1:ready', 'web-2:terminating'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: [] },
  { name: 'scale down waits while an in-range pod is unhealthy', set: { replicas: 1 }, pods: ['web-0:running', 'web-1:ready'], claims: ['www-web-0', 'www-web-1'], currentIsUpdate: true, plan: [] },
  { name: 'an unhealthy condemned pod that is the first unhealthy one may go', set: { replicas: 1 }, pods: ['web-0:ready', 'web-1:ready', 'web-2:running'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-2 (condemned)'] },
  { name: 'a healthy condemned pod above an unhealthy one still goes first', set: { replicas: 1 }, pods: ['web-0:ready', 'web-1:running', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-2 (condemned)'] },
  { name: 'an unhealthy condemned pod above the first unhealthy one blocks', set: { replicas: 1 }, pods: ['web-0:ready', 'web-1:running', 'web-2:running'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: [] },
  // --- Parallel (STS-20)
  { name: 'Parallel creates every missing pod at once', set: { parallel: true }, pods: [], currentIsUpdate: true, plan: ['create web-0@cur claims=www-web-0', 'create web-1@cur claims=www-web-1', 'create web-2@cur claims=www-web-2'], status: { replicas: 3 } },
  { name: 'Parallel ignores unhealthy pods when scaling', set: { parallel: true }, pods: ['web-0:pending'], claims: ['www-web-0'], currentIsUpdate: true, plan: ['create web-1@cur claims=www-web-1', 'create web-2@cur claims=www-web-2'] },
  { name: 'Parallel deletes every condemned pod at once', set: { parallel: true, replicas: 1 }, pods: ['web-0:ready', 'web-1:running', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-2 (condemned)', 'delete web-1 (condemned)'] },
  // --- ordinals (ORD-01/02)
  { name: 'ordinals.start 2 creates web-2 first', set: { start: 2 }, pods: [], currentIsUpdate: true, plan: ['create web-2@cur claims=www-web-2'] },
  { name: 'moving ordinals.start creates before it deletes', set: { start: 2, replicas: 3 }, pods: ['web-0:ready', 'web-1:ready'], claims: ['www-web-0', 'www-web-1'], currentIsUpdate: true, plan: ['create web-2@cur claims=www-web-2'] },
  { name: 'moved ordinals.start deletes the old ordinals from the top', set: { start: 2, replicas: 1 }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], currentIsUpdate: true, plan: ['delete web-1 (condemned)'] },
  // --- rolling update (STS-26/27/28/29)
  { name: 'rolling update deletes the highest old pod', set: {}, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['delete web-2 (update)'], status: { currentReplicas: 2, updatedReplicas: 0 } },
  { name: 'rolling update waits for the replacement to be ready', set: {}, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:running'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: [] },
  { name: 'rolling update goes on when the replacement is ready', set: {}, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['delete web-1 (update)'] },
  { name: 'the replacement of a deleted pod is at the update revision (partition 0)', set: {}, pods: ['web-0:ready@old', 'web-1:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['create web-2@cur'] },
  { name: 'partition 2 leaves web-0 and web-1 alone', set: { partition: 2 }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: [], status: { currentReplicas: 2, updatedReplicas: 1 } },
  { name: 'partition 2: a deleted web-1 comes back at the current revision', set: { partition: 2 }, pods: ['web-0:ready@old', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['create web-1@old'] },
  { name: 'partition above replicas updates nothing', set: { partition: 5 }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: [] },
  { name: 'all updated and ready completes the rollout', set: {}, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: [], status: { currentReplicas: 3, updatedReplicas: 3, currentRevision: 'cur', updateRevision: 'cur' } },
  { name: 'without a rollingUpdate block a recreated pod follows status.currentReplicas', set: { noRollingBlock: true, currentReplicas: 3 }, pods: ['web-0:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['create web-1@old'] },
  { name: 'OnDelete never deletes for an update', set: { onDelete: true }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: [] },
  { name: 'OnDelete recreates a deleted pod at the update revision', set: { onDelete: true }, pods: ['web-0:ready@old', 'web-1:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['create web-2@cur'] },
  { name: 'scaling takes precedence over updates', set: { replicas: 2 }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['delete web-2 (condemned)'] },
  { name: 'Parallel still updates one pod at a time', set: { parallel: true }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: ['www-web-0', 'www-web-1', 'www-web-2'], plan: ['delete web-2 (update)'] },
  // --- deletion (DEL-02)
  { name: 'a set being deleted only updates status', set: { deleting: true }, pods: ['web-0:ready'], claims: ['www-web-0'], currentIsUpdate: true, plan: [], status: { replicas: 1, readyReplicas: 1 } },
  // --- retention policy (RET-01…07)
  { name: 'whenDeleted Delete: claims get the set as controller', set: { whenDeleted: 'Delete', replicas: 1 }, pods: ['web-0:ready'], claims: ['www-web-0'], currentIsUpdate: true, plan: ['owners www-web-0 -> [StatefulSet/web]'] },
  { name: 'Retain removes an earlier set reference', set: { replicas: 1 }, pods: ['web-0:ready'], claims: ['www-web-0:set'], currentIsUpdate: true, plan: ['owners www-web-0 -> []'] },
  { name: 'whenScaled Delete: a condemned pod owns its claim before it goes', set: { whenScaled: 'Delete', replicas: 1 }, pods: ['web-0:ready', 'web-1:ready'], claims: ['www-web-0', 'www-web-1'], currentIsUpdate: true, plan: ['owners www-web-1 -> [Pod/web-1]', 'delete web-1 (condemned)'] },
  { name: 'both Delete: the condemned claim moves from the set to the pod', set: { whenScaled: 'Delete', whenDeleted: 'Delete', replicas: 1 }, pods: ['web-0:ready', 'web-1:ready'], claims: ['www-web-0:set', 'www-web-1:set'], currentIsUpdate: true, plan: ['owners www-web-1 -> [Pod/web-1]', 'delete web-1 (condemned)'] },
  { name: 'another controller on the claim: the policy is ignored', set: { whenDeleted: 'Delete', replicas: 1 }, pods: ['web-0:ready'], claims: ['www-web-0:other'], currentIsUpdate: true, plan: ['conflict www-web-0 Thing/x'] },
  { name: 'a claim still owned by a deleted pod blocks its re-creation (RET-07)', set: { whenScaled: 'Delete', replicas: 2 }, pods: ['web-0:ready'], claims: ['www-web-0', 'www-web-1:pod=web-1@gone'], currentIsUpdate: true, plan: [] },
  // --- KEP-4650 volumeClaimTemplates updates (volumeClaimUpdatePolicy)
  { name: 'OnClaimDelete (the default) leaves smaller claims alone and reports no claim status', set: { storage: '2Gi' }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: sized('1Gi', '1Gi', 0, 1, 2), currentIsUpdate: true, plan: [], status: { volumeClaimTemplates: undefined } },
  { name: 'InPlace grows the highest ordinal\'s claim first', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: sized('1Gi', '1Gi', 0, 1, 2), currentIsUpdate: true, plan: ['resize www-web-2 -> 2Gi'], status: { volumeClaimTemplates: claimStatus(0, 0, 0, '3Gi') } },
  { name: 'InPlace waits while the claim is expanding', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: [...sized('1Gi', '1Gi', 0, 1), ...sized('2Gi', '1Gi', 2)], currentIsUpdate: true, plan: [], status: { volumeClaimTemplates: claimStatus(0, 1, 0, '3Gi') } },
  { name: 'InPlace moves to the next lower ordinal once the claim is ready', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: [...sized('1Gi', '1Gi', 0, 1), ...sized('2Gi', '2Gi', 2)], currentIsUpdate: true, plan: ['resize www-web-1 -> 2Gi'], status: { volumeClaimTemplates: claimStatus(1, 0, 0, '4Gi') } },
  { name: 'InPlace is done when every claim has the capacity', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: sized('2Gi', '2Gi', 0, 1, 2), currentIsUpdate: true, plan: [], status: { volumeClaimTemplates: claimStatus(3, 0, 0, '6Gi') } },
  { name: 'InPlace never shrinks a larger claim (it counts as overSized)', set: { inPlace: true, storage: '2Gi', replicas: 1 }, pods: ['web-0:ready'], claims: sized('3Gi', '3Gi', 0), currentIsUpdate: true, plan: [], status: { volumeClaimTemplates: claimStatus(1, 0, 1, '3Gi') } },
  { name: 'InPlace leaves an unbound claim and one of another class alone', set: { inPlace: true, storage: '2Gi', storageClassName: 'local-path', replicas: 2 }, pods: ['web-0:ready', 'web-1:ready'], claims: ['www-web-0=1Gi/pending', 'www-web-1=1Gi/1Gi@slow'], currentIsUpdate: true, plan: [] },
  { name: 'InPlace grows claims only from the partition up', set: { inPlace: true, storage: '2Gi', partition: 2 }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: [...sized('1Gi', '1Gi', 0, 1), ...sized('2Gi', '2Gi', 2)], currentIsUpdate: true, plan: [] },
  { name: 'InPlace with a new pod template: the claim grows before the pod is replaced', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: sized('1Gi', '1Gi', 0, 1, 2), plan: ['resize www-web-2 -> 2Gi'] },
  { name: 'InPlace with a new pod template: the pod is replaced once its claim is ready', set: { inPlace: true, storage: '2Gi' }, pods: ['web-0:ready@old', 'web-1:ready@old', 'web-2:ready@old'], claims: [...sized('1Gi', '1Gi', 0, 1), ...sized('2Gi', '2Gi', 2)], plan: ['delete web-2 (update)'] },
  { name: 'InPlace under OnDelete touches only the claims of a pod being recreated', set: { inPlace: true, storage: '2Gi', onDelete: true }, pods: ['web-0:ready', 'web-1:ready'], claims: sized('1Gi', '1Gi', 0, 1, 2), currentIsUpdate: true, plan: ['resize www-web-2 -> 2Gi ; create web-2@cur'] },
  { name: 'InPlace under OnDelete leaves running pods\' claims alone', set: { inPlace: true, storage: '2Gi', onDelete: true }, pods: ['web-0:ready', 'web-1:ready', 'web-2:ready'], claims: sized('1Gi', '1Gi', 0, 1, 2), currentIsUpdate: true, plan: [] },
];

for (const row of rows) {
  test(`control: ${row.name}`, () => {
    const set = web(row.set);
    const old = rev(set, 'nginx:0', 1);
    const cur = rev(set, row.set.image ?? 'nginx:1', 2);
    revNames.old = old.metadata.name;
    revNames.cur = cur.metadata.name;
    const pods = row.pods.map((s) => pod(set, s, { old, cur }));
    if (row.name.startsWith('a stripped')) delete pods[0]!.metadata!.labels!['statefulset.kubernetes.io/pod-name'];
    const claims = new Map((row.claims ?? []).map((s) => { const c = claim(set, s); return [c.metadata!.name!, c] as const; }));
    const plan = planStatefulSet({ set, pods, claims, current: row.currentIsUpdate ? cur : old, update: cur, collisionCount: 0, nowMs: NOW });
    assert.deepEqual(lines(plan), row.plan);
    for (const [k, v] of Object.entries(row.status ?? {})) {
      const got = (plan.status as unknown as Record<string, unknown>)[k];
      const want = v === 'cur' ? cur.metadata.name : v === 'old' ? old.metadata.name : v;
      assert.deepEqual(got, want, `status.${k}`);
    }
    assert.equal(plan.status.observedGeneration, 3);
    assert.equal(plan.requeueAfterMs !== undefined, row.requeue ?? false, 'requeue');
  });
}

test('control: the invariant check rejects an OrderedReady plan that creates past an unready pod', () => {
  const set = web();
  const cur = rev(set, 'nginx:1', 1);
  const pods = [pod(set, 'web-0:running', { old: cur, cur })];
  const bad: ControlPlan = { monotonic: true, replicas: [[{ kind: 'createPod', pod: newPod(set, 1, cur.metadata.name), claims: [], deletingClaims: [] }]], condemned: [], update: [], status: { replicas: 0 } };
  assert.throws(() => checkInvariants({ set, pods, claims: new Map(), current: cur, update: cur, collisionCount: 0, nowMs: NOW }, bad), InvariantError);
});

test('control: OrderedReady scale-up from 0 to 5 one sync at a time creates pods strictly in order', () => {
  const set = web({ replicas: 5, claims: false });
  const cur = rev(set, 'nginx:1', 1);
  let pods: Pod[] = [];
  const created: string[] = [];
  for (let i = 0; i < 10; i++) {
    const plan = planStatefulSet({ set, pods, claims: new Map(), current: cur, update: cur, collisionCount: 0, nowMs: NOW });
    const creates = plan.replicas.flat().filter((a) => a.kind === 'createPod');
    for (const c of creates) {
      created.push(c.pod.metadata!.name!);
      pods = [...pods, pod(set, `${c.pod.metadata!.name}:pending`, { old: cur, cur })];
    }
    // Each round the pods become ready (the simulated kubelet).
    pods = pods.map((p) => pod(set, `${p.metadata!.name}:ready`, { old: cur, cur }));
  }
  assert.deepEqual(created, ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
});
