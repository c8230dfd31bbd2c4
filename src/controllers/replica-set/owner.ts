// The two kinds one replica controller serves (ReplicaSet and ReplicationController): where they live, how their
// selector is written, and the status as upstream serializes it. Pure.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector as LabelSelectorObject } from 'kubernetes-types/meta/v1.js';
import { lookupResource, type ResourceDescriptor } from '../../api/index.js';
import { withoutZeros } from '../../util/index.js';
import type { ReplicaCounts } from './plan.js';

/** What differs between the two kinds: where they live and how their selector is written. */
export interface ReplicaKind {
  readonly resource: ResourceDescriptor;
  readonly apiVersion: string;
  readonly name: string;
  readonly selectorOf: (spec: ReplicaOwnerSpec) => LabelSelectorObject | undefined;
}
export interface ReplicaOwnerSpec { replicas?: number; minReadySeconds?: number; selector?: unknown; template?: PodTemplateSpec }
interface Condition { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }
export interface ReplicaOwner {
  apiVersion?: string; kind?: string;
  metadata: { name: string; namespace: string; uid: string; generation?: number; deletionTimestamp?: string; resourceVersion?: string };
  spec?: ReplicaOwnerSpec;
  status?: Partial<ReplicaCounts> & { observedGeneration?: number; conditions?: Condition[] };
}

export const replicaSetKind: ReplicaKind = {
  resource: lookupResource('apps', 'v1', 'replicasets')!, apiVersion: 'apps/v1', name: 'ReplicaSet',
  selectorOf: (spec) => spec.selector as LabelSelectorObject | undefined,
};
export const replicationControllerKind: ReplicaKind = {
  resource: lookupResource('', 'v1', 'replicationcontrollers')!, apiVersion: 'v1', name: 'ReplicationController',
  // An RC's selector is a plain map; when absent it defaults to the template labels (API defaulting).
  selectorOf: (spec) => ({ matchLabels: (spec.selector as Record<string, string> | undefined) ?? spec.template?.metadata?.labels ?? {} }),
};

/** Status as upstream serializes it: replicas always, the other counters and observedGeneration only when non-zero. */
export function statusOf(owner: ReplicaOwner, counts: ReplicaCounts, failure: { reason: string; message: string } | undefined, now: string): NonNullable<ReplicaOwner['status']> {
  const status: NonNullable<ReplicaOwner['status']> = withoutZeros({ ...counts, observedGeneration: owner.metadata.generation ?? 0 }, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']);
  const others = (owner.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const prev = (owner.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  const conditions = failure
    ? [...others, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastTransitionTime: prev?.lastTransitionTime ?? now }]
    : others;
  if (conditions.length) status.conditions = conditions;
  return status;
}
