// A Deployment's ReplicaSets (upstream deployment util): the pod-template-hash, the new ReplicaSet for the
// current template, revisions and the annotations Deployments keep on their ReplicaSets. Pure.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { semanticEqual } from '../../api/index.js';
import { controllerRefTo } from '../../client/index.js';
import { revisionHash } from '../../util/index.js';

export const templateHashLabel = 'pod-template-hash';
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations not copied onto its ReplicaSets (upstream skipCopyAnnotation). */
const notCopied = new Set(['kubectl.kubernetes.io/last-applied-configuration', revisionAnnotation, revisionHistoryAnnotation, desiredReplicasAnnotation, maxReplicasAnnotation, 'deprecated.deployment.rollback.to']);

export type DeploymentObject = Deployment & { metadata: { name: string; namespace: string; uid: string }; spec: NonNullable<Deployment['spec']> };
export type ReplicaSetObject = ReplicaSet & { metadata: { name: string; namespace: string }; spec: NonNullable<ReplicaSet['spec']> };

/** The hash suffix of a template (and the collision count, when non-zero). */
export const templateHash = (template: PodTemplateSpec, collisionCount = 0): string => revisionHash(template, collisionCount);

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[templateHashLabel];
  return { ...(t ?? {}), metadata: { ...(t?.metadata ?? {}), labels } };
}
/** Templates equal but for the pod-template-hash label (upstream EqualIgnoreHash; semantic: null and empty are absent). */
export const sameTemplate = (a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean => semanticEqual(withoutHash(a), withoutHash(b));

export const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.[revisionAnnotation] ?? '0') || 0;
export const replicasOf = (rs: ReplicaSet): number => rs.spec?.replicas ?? 0;
const byAge = (a: ReplicaSet, b: ReplicaSet): number => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
export const oldestFirst = (rss: readonly ReplicaSetObject[]): ReplicaSetObject[] => [...rss].sort(byAge);

/** The ReplicaSet running the Deployment's template (the oldest, should there be several), and the others. */
export function splitReplicaSets(d: DeploymentObject, rss: readonly ReplicaSetObject[]): { newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[] } {
  const newRS = oldestFirst(rss).find((rs) => sameTemplate(rs.spec.template, d.spec.template));
  return { newRS, oldRSs: rss.filter((rs) => rs !== newRS) };
}

/** The ReplicaSet for the Deployment's template: `<deployment>-<hash>`, hash label in template and selector. */
export function newReplicaSet(d: DeploymentObject, replicas: number, revision: number, maxSurge: number, collisionCount: number): ReplicaSetObject {
  const hash = templateHash(d.spec.template, collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [templateHashLabel]: hash } };
  const selector = structuredClone(d.spec.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [templateHashLabel]: hash };
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace,
      labels: { ...(d.spec.template.metadata?.labels ?? {}), [templateHashLabel]: hash },
      annotations: replicaSetAnnotations(d, revision, maxSurge),
      ownerReferences: [controllerRefTo({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata })],
    },
    spec: { replicas, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
}

/** The annotations a Deployment keeps on a ReplicaSet: its own (minus a few), revision, desired and max replicas. */
/** The desired-replicas and max-replicas annotations (what scaling events are detected by). */
export const sizeAnnotations = (d: DeploymentObject, maxSurge: number): Record<string, string> => ({
  [desiredReplicasAnnotation]: String(d.spec.replicas ?? 1), [maxReplicasAnnotation]: String((d.spec.replicas ?? 1) + maxSurge),
});

export function replicaSetAnnotations(d: DeploymentObject, revision: number, maxSurge: number, current: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!notCopied.has(k)) out[k] = v;
  const prev = out[revisionAnnotation];
  if (prev && Number(prev) < revision) {
    // A reused ReplicaSet (rollback) remembers its earlier revisions.
    out[revisionHistoryAnnotation] = out[revisionHistoryAnnotation] ? `${out[revisionHistoryAnnotation]},${prev}` : prev;
  }
  if (!prev || Number(prev) < revision) out[revisionAnnotation] = String(revision);
  return { ...out, ...sizeAnnotations(d, maxSurge) };
}
