// Which controller a pod belongs to and its scale (upstream disruption controller finders): ReplicationControllers,
// ReplicaSets not owned by a Deployment, Deployments through their ReplicaSets, StatefulSets, and any other kind
// with a scale subresource. Pure over lookups; the shell reads informers (and /scale for other kinds).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodScale } from '../../api/index.js';

export interface ScaledObject {
  metadata?: { uid?: string; ownerReferences?: OwnerReference[] };
  spec?: { replicas?: number };
}

export interface ControllerLookups {
  replicationController(namespace: string, name: string): ScaledObject | undefined;
  replicaSet(namespace: string, name: string): ScaledObject | undefined;
  deployment(namespace: string, name: string): ScaledObject | undefined;
  statefulSet(namespace: string, name: string): ScaledObject | undefined;
  /** The scale of another kind's object through its /scale, when that kind has one (already fetched by the shell). */
  scaleOf(ref: OwnerReference, namespace: string): { uid: string; replicas: number } | undefined;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const controllerRef = (o: { metadata?: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined => o.metadata?.ownerReferences?.find((r) => r.controller);

/** The object the reference names, if it is still that object (same uid). */
function same(ref: OwnerReference, obj: ScaledObject | undefined): obj is ScaledObject {
  return obj !== undefined && obj.metadata?.uid === ref.uid;
}

const scale = (obj: ScaledObject): number => obj.spec?.replicas ?? 1;

function findScale(ref: OwnerReference, namespace: string, l: ControllerLookups): PodScale {
  const group = groupOf(ref.apiVersion);
  if (ref.kind === 'ReplicationController' && group === '') {
    const rc = l.replicationController(namespace, ref.name);
    return same(ref, rc) ? { uid: ref.uid, scale: scale(rc) } : undefined;
  }
  if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
    const rs = l.replicaSet(namespace, ref.name);
    if (!same(ref, rs)) return undefined;
    const owner = controllerRef(rs);
    if (owner?.kind === 'Deployment' && (groupOf(owner.apiVersion) === 'apps' || groupOf(owner.apiVersion) === 'extensions')) {
      const d = l.deployment(namespace, owner.name);
      return same(owner, d) ? { uid: owner.uid, scale: scale(d) } : undefined;
    }
    return { uid: ref.uid, scale: scale(rs) };
  }
  if (ref.kind === 'StatefulSet' && group === 'apps') {
    const ss = l.statefulSet(namespace, ref.name);
    return same(ref, ss) ? { uid: ref.uid, scale: scale(ss) } : undefined;
  }
  const s = l.scaleOf(ref, namespace);
  return s && s.uid === ref.uid ? { uid: s.uid, scale: s.replicas } : undefined;
}

/** The pod's controller and its scale; 'unmanaged' without a controller; undefined when the controller is not found. */
export function podScale(pod: Pod, l: ControllerLookups): PodScale {
  const ref = controllerRef(pod);
  if (!ref) return 'unmanaged';
  return findScale(ref, pod.metadata?.namespace ?? '', l);
}
