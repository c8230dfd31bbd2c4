// Object builders for cli/why's table tests.
import type { Event, Node, PersistentVolume, PersistentVolumeClaim, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { ClusterState } from './state.js';

export const now = new Date('2026-01-01T12:00:00Z');
const ago = (s: number): string => new Date(now.getTime() - s * 1000).toISOString();

export function node(name: string, o: { labels?: Record<string, string>; taints?: Taint[]; cpu?: string; pods?: string; unschedulable?: boolean } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: o.cpu ?? '4', memory: '8Gi', pods: o.pods ?? '110' } },
  };
}

export const ready = (n: Node): Node => ({ ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } });

export function pod(name: string, spec: Partial<NonNullable<Pod['spec']>> = {}, status: Pod['status'] = { phase: 'Pending' }): Pod {
  return { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec }, status };
}

export const withCpu = (cpu: string): Partial<NonNullable<Pod['spec']>> => ({ containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }] });
export const usingClaim = (claim: string): Partial<NonNullable<Pod['spec']>> => ({ volumes: [{ name: 'd', persistentVolumeClaim: { claimName: claim } }] });
export const unschedulable = (message: string): Pod['status'] => ({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });

export function pvc(name: string, o: { cls?: string | null; size?: string; modes?: string[]; annotations?: Record<string, string>; volumeName?: string; phase?: string; selector?: Record<string, string> } = {}): PersistentVolumeClaim & { metadata: { name: string; namespace: string } } {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } },
      ...(o.cls !== null ? { storageClassName: o.cls ?? 'local-path' } : {}), ...(o.volumeName ? { volumeName: o.volumeName } : {}),
      ...(o.selector ? { selector: { matchLabels: o.selector } } : {}),
    },
    status: { phase: o.phase ?? 'Pending' },
  };
}

export function pv(name: string, o: { cls?: string; size?: string; modes?: string[]; phase?: string; claim?: string; labels?: Record<string, string>; node?: string } = {}): PersistentVolume {
  return {
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: o.size ?? '1Gi' }, accessModes: o.modes ?? ['ReadWriteOnce'], hostPath: { path: `/tmp/${name}` },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}), ...(o.claim ? { claimRef: { namespace: 'default', name: o.claim } } : {}),
      ...(o.node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node] }] }] } } } : {}),
    },
    status: { phase: o.phase ?? (o.claim ? 'Bound' : 'Available') },
  };
}

export function sc(name: string, o: { provisioner?: string; mode?: string; isDefault?: boolean } = {}): StorageClass {
  return {
    metadata: { name, ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: o.provisioner ?? 'skiff.io/local-path', volumeBindingMode: o.mode ?? 'Immediate',
  };
}

export function event(kind: string, name: string, reason: string, message: string, o: { type?: string; count?: number; firstAgo?: number; lastAgo?: number; source?: string } = {}): Event {
  return {
    metadata: { name: `${name}.${reason}`, namespace: 'default' }, involvedObject: { kind, name, namespace: 'default', uid: `uid-${name}` },
    type: o.type ?? 'Warning', reason, message, count: o.count ?? 1, firstTimestamp: ago(o.firstAgo ?? o.lastAgo ?? 5), lastTimestamp: ago(o.lastAgo ?? 5),
    source: { component: o.source ?? 'default-scheduler' },
  };
}

export function state(o: Partial<Omit<ClusterState, 'now'>> = {}): ClusterState {
  return { now, nodes: [], pods: [], claims: [], volumes: [], classes: [], events: [], unreadable: [], ...o };
}
