// StatefulSet identity (upstream stateful_set_utils, behaviour only): ordinal names, the pod built from the
// template for an ordinal, and the claims from volumeClaimTemplates. Pure.
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { defaultPersistentVolumeClaimSpec } from '../../api/index.js';
import { controllerRefTo, type Owner } from '../../client/index.js';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';

export type SetObject = StatefulSet & { metadata: { name: string; namespace: string; uid: string } };

export const podName = (set: SetObject, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const claimName = (template: string, set: SetObject, ordinal: number): string => `${template}-${set.metadata.name}-${ordinal}`;

/** The ordinal of a pod named `<set>-<n>`, or -1 when the pod is not named as a member of the set. */
export function ordinalOf(set: SetObject, podNameText: string): number {
  const m = /^(.*)-(\d+)$/.exec(podNameText);
  if (!m || m[1] !== set.metadata.name) return -1;
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? n : -1;
}

/** The ordinals of replicas: start … start+replicas-1 (spec.ordinals.start, GA in 1.31). */
export function ordinalRange(set: SetObject): { start: number; end: number } {
  const start = set.spec?.ordinals?.start ?? 0;
  return { start, end: start + (set.spec?.replicas ?? 1) };
}

/** The set as the owner of its pods, claims and revisions. */
export const setOwner = (set: SetObject): Owner => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set.metadata });

/** The claims of an ordinal: template labels plus the selector's matchLabels (which win), template annotations, defaulted spec. */
export function claimsFor(set: SetObject, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const spec = structuredClone(t.spec ?? {}) as Record<string, unknown>;
    defaultPersistentVolumeClaimSpec(spec);
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(t.metadata?.name ?? '', set, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: spec as NonNullable<PersistentVolumeClaim['spec']>,
    };
  });
}

/** The pod of an ordinal at a revision: template, identity labels, hostname/subdomain, claim volumes, owner. */
export function newPod(set: SetObject, ordinal: number, revisionName: string, template = set.spec!.template): Pod {
  const name = podName(set, ordinal);
  const claimVolumes: Volume[] = (set.spec?.volumeClaimTemplates ?? []).map((t) => ({ name: t.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(t.metadata?.name ?? '', set, ordinal) } }));
  const claimed = new Set(claimVolumes.map((v) => v.name));
  const spec = structuredClone(template.spec ?? { containers: [] });
  spec.volumes = [...(spec.volumes ?? []).filter((v) => !claimed.has(v.name)), ...claimVolumes];
  if (spec.volumes.length === 0) delete spec.volumes;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [podNameLabel]: name, [podIndexLabel]: String(ordinal), [revisionLabel]: revisionName },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRefTo(setOwner(set))],
    },
    spec,
  };
}

/** The revision a pod was made from: its controller-revision-hash label (the full revision name). */
export const podRevision = (pod: Pod): string => pod.metadata?.labels?.[revisionLabel] ?? '';

/** A pod is a member of the set when its name is `<set>-<ordinal>` (the adoption filter). */
export const isMemberOf = (set: SetObject, pod: Pod): boolean => ordinalOf(set, pod.metadata?.name ?? '') >= 0;

export function inOrdinalRange(set: SetObject, ordinal: number): boolean {
  const { start, end } = ordinalRange(set);
  return ordinal >= start && ordinal < end;
}

/** The identity labels are in place (a user may have stripped them; the controller puts them back). */
export function identityMatches(set: SetObject, pod: Pod, ordinal = ordinalOf(set, pod.metadata?.name ?? '')): boolean {
  const name = pod.metadata?.name ?? '';
  const labels = pod.metadata?.labels ?? {};
  return ordinal >= 0 && pod.metadata?.namespace === set.metadata.namespace && labels[podNameLabel] === name && labels[podIndexLabel] === String(ordinal);
}

/** The pod with its identity labels restored (a copy). */
export function withIdentity(set: SetObject, pod: Pod): Pod {
  const name = pod.metadata?.name ?? '';
  const ordinal = ordinalOf(set, name);
  return { ...pod, metadata: { ...pod.metadata, labels: { ...(pod.metadata?.labels ?? {}), [podNameLabel]: name, [podIndexLabel]: String(ordinal) } } };
}

/** The claim names a member pod of the set should mount, one per volumeClaimTemplate. */
export function claimNamesFor(set: SetObject, ordinal: number): string[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => claimName(t.metadata?.name ?? '', set, ordinal));
}
