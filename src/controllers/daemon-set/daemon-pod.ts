// The daemon pod (upstream daemon/util, behaviour only): the template with the DaemonSet's default
// tolerations, the revision labels, and a required node affinity naming its node so the scheduler binds it
// there; and which node a pod is for (its nodeName, else that affinity). Pure.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { templateGenerationAnnotation } from '../../api/index.js';
import { podFromTemplate, type Owner } from '../../client/index.js';

export type DaemonSetObject = DaemonSet & { metadata: { name: string; namespace: string; uid: string } };

/** The pod label naming the revision (its hash) the pod was made from, also on the revisions. */
export const revisionHashLabel = 'controller-revision-hash';
/** The pod label carrying the DaemonSet's template generation (upstream's pre-revision update marker). */
export const templateGenerationLabel = 'pod-template-generation';

export const daemonSetOwner = (ds: DaemonSetObject): Owner => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: ds.metadata });

const exists = (key: string, effect: 'NoSchedule' | 'NoExecute'): Toleration => ({ key, operator: 'Exists', effect });
/** Not-ready and unreachable forever (no tolerationSeconds): node problems never evict daemon pods. */
const defaultTolerations: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];
const networkUnavailable = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');

/**
 * The tolerations with the DaemonSet defaults (upstream AddOrUpdateDaemonPodTolerations): a toleration with the
 * same key, operator, value and effect is replaced by the default (dropping its tolerationSeconds), others kept.
 */
export function withDaemonTolerations(spec: Pick<PodSpec, 'tolerations' | 'hostNetwork'>): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  for (const t of spec.hostNetwork ? [...defaultTolerations, networkUnavailable] : defaultTolerations) {
    const i = out.findIndex((o) => sameToleration(o, t));
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** The template generation of the DaemonSet (its annotation), when it parses. */
export function templateGenerationOf(ds: DaemonSet): string | undefined {
  const v = ds.metadata?.annotations?.[templateGenerationAnnotation];
  return v !== undefined && /^-?\d+$/.test(v) ? String(Number(v)) : undefined;
}

/** Updated = labelled with the current revision's hash, or with the current template generation (upstream IsPodUpdated). */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (hash !== '' && labels[revisionHashLabel] === hash) || (generation !== undefined && labels[templateGenerationLabel] === generation);
}

/**
 * The affinity with its required node affinity replaced by one term selecting the node by name (upstream
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the template's own terms were already checked against the node).
 */
export function withNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  return { ...(affinity ?? {}), nodeAffinity: { ...(affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: required } };
}

/** The template pods are created from (upstream CreatePodTemplate): default tolerations, generation and hash labels. */
export function daemonPodTemplate(ds: DaemonSetObject, hash: string): PodTemplateSpec {
  const template = ds.spec?.template ?? {};
  const generation = templateGenerationOf(ds);
  const spec = { ...(template.spec ?? { containers: [] }) };
  spec.tolerations = withDaemonTolerations(spec);
  return {
    ...template,
    metadata: {
      ...(template.metadata ?? {}),
      labels: { ...(template.metadata?.labels ?? {}), ...(generation !== undefined ? { [templateGenerationLabel]: generation } : {}), ...(hash ? { [revisionHashLabel]: hash } : {}) },
    },
    spec,
  };
}

/** The pod for a node: `<ds>-<random>`, controlled by the DaemonSet, pinned to the node by affinity. */
export function newDaemonPod(ds: DaemonSetObject, template: PodTemplateSpec, nodeName: string): Pod {
  const pod = podFromTemplate(daemonSetOwner(ds), template);
  pod.spec = { ...pod.spec!, affinity: withNodeNameAffinity(pod.spec?.affinity, nodeName) };
  return pod;
}

/** The node a daemon pod is for: spec.nodeName once bound, else the node its required affinity names (upstream GetTargetNodeName). */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}
