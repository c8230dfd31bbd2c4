// Builders and a fake environment for the PV controller's state-in/state-out tables (tests only).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { conflict, notFound, type NodeIdentity } from '../../api/index.js';
import { deepFreeze } from '../../util/index.js';
import type { EventType } from '../../client/index.js';
import type { PersistentVolumeEnv, VolumePlugins } from './env.js';
import { syncClaim } from './sync-claim.js';
import { syncVolume } from './sync-volume.js';
import { VolumeIndex } from '../../api/index.js';
import {
  annBindCompleted, annBoundByController, annDynamicallyProvisioned, annSelectedNode, annStorageProvisioner, claimKey, type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../../api/index.js';

export interface PvOptions {
  modes?: string[];
  class?: string;
  claim?: string; // "ns/name" or "ns/name@uid"
  phase?: string;
  boundByController?: boolean;
  labels?: Record<string, string>;
  policy?: string;
  node?: string;
  mode?: string;
  deleting?: boolean;
  provisionedBy?: string;
  hostPath?: string;
  nfs?: boolean;
}

export function pv(name: string, size: string, o: PvOptions = {}): Volume {
  const annotations: Record<string, string> = {};
  if (o.boundByController) annotations[annBoundByController] = 'yes';
  if (o.provisionedBy) annotations[annDynamicallyProvisioned] = o.provisionedBy;
  const v: Volume = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', annotations, ...(o.labels ? { labels: o.labels } : {}), ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      capacity: { storage: size }, accessModes: o.modes ?? ['ReadWriteOnce'], persistentVolumeReclaimPolicy: o.policy ?? 'Retain', volumeMode: o.mode ?? 'Filesystem',
      ...(o.class ? { storageClassName: o.class } : {}),
      ...(o.node
        ? { local: { path: `/mnt/${name}` }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node] }] }] } } }
        : o.nfs ? { nfs: { server: 'nfs.example.com', path: `/exports/${name}` } } : { hostPath: { path: o.hostPath ?? `/tmp/${name}` } }),
    },
    status: { phase: o.phase ?? 'Available' },
  };
  if (o.claim) {
    const [ref, uid] = o.claim.split('@') as [string, string | undefined];
    const [namespace, claimName] = ref.split('/') as [string, string];
    v.spec!.claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace, name: claimName, ...(uid ? { uid } : {}) };
  }
  return v;
}

export interface PvcOptions {
  modes?: string[];
  class?: string | null;
  volumeName?: string;
  phase?: string;
  uid?: string;
  bindCompleted?: boolean;
  boundByController?: boolean;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  selectedNode?: string;
  mode?: string;
  namespace?: string;
}

export function pvc(name: string, size: string, o: PvcOptions = {}): Claim {
  const annotations: Record<string, string> = {};
  if (o.bindCompleted) annotations[annBindCompleted] = 'yes';
  if (o.boundByController) annotations[annBoundByController] = 'yes';
  if (o.selectedNode) annotations[annSelectedNode] = o.selectedNode;
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${name}`, resourceVersion: '1', annotations },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: size } }, volumeMode: o.mode ?? 'Filesystem',
      ...(o.class !== undefined && o.class !== null ? { storageClassName: o.class } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
      ...(o.selector ? { selector: o.selector } : {}),
    },
    status: { phase: o.phase ?? 'Pending' },
  };
}

export function sc(name: string, o: { mode?: string; provisioner?: string; isDefault?: boolean; policy?: string } = {}): Class {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name, ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: o.provisioner ?? 'example.com/external', volumeBindingMode: o.mode ?? 'Immediate', reclaimPolicy: o.policy ?? 'Delete',
  };
}

export function podUsing(name: string, claimName: string, node?: string): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { ...(node ? { nodeName: node } : {}), containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] },
  };
}

/** Fails the nth write of a verb ("updateVolume", "updateClaimStatus", …) with a Conflict. */
export interface InjectedFailure {
  verb: 'updateVolume' | 'updateVolumeStatus' | 'updateClaim' | 'updateClaimStatus' | 'deleteVolume';
  nth: number;
}

export class FakePlugins implements VolumePlugins {
  readonly recycled: string[] = [];
  readonly deleted: string[] = [];
  failWith: string | undefined;
  recycler(volume: Volume): (() => Promise<void>) | undefined {
    if (!volume.spec?.hostPath && !volume.spec?.local) return undefined;
    return async () => {
      if (this.failWith) throw new Error(this.failWith);
      this.recycled.push(volume.metadata.name);
    };
  }
  deleter(volume: Volume): (() => Promise<void>) | undefined {
    const path = volume.spec?.hostPath?.path;
    if (path === undefined) return undefined;
    if (!/^\/tmp\/.+/.test(path)) throw new Error(`host_path deleter only supports /tmp/.+ but received provided ${path}`);
    return async () => {
      if (this.failWith) throw new Error(this.failWith);
      this.deleted.push(volume.metadata.name);
    };
  }
}

export class FakeEnv implements PersistentVolumeEnv {
  readonly volumes = new VolumeIndex();
  readonly claims = new Map<string, Claim>();
  readonly classes = new Map<string, Class>();
  readonly pods: Pod[] = [];
  readonly events: string[] = [];
  readonly writes: string[] = [];
  readonly plugins = new FakePlugins();
  readonly failures: InjectedFailure[] = [];
  readonly #counts = new Map<string, number>();
  #rv = 100;

  constructor(init: { volumes?: Volume[]; claims?: Claim[]; classes?: Class[]; pods?: Pod[] } = {}) {
    for (const v of init.volumes ?? []) this.volumes.upsert(deepFreeze(structuredClone(v)));
    for (const c of init.claims ?? []) this.claims.set(claimKey(c), deepFreeze(structuredClone(c)));
    for (const c of init.classes ?? []) this.classes.set(c.metadata.name, c);
    this.pods.push(...(init.pods ?? []));
  }

  claim(key: string): Claim | undefined {
    return this.claims.get(key);
  }
  async fetchClaim(key: string): Promise<Claim | undefined> {
    return this.claims.get(key);
  }
  volume(name: string): Volume | undefined {
    return this.volumes.get(name);
  }
  storageClass(name: string): Class | undefined {
    return this.classes.get(name);
  }
  defaultClass(): Class | undefined {
    return [...this.classes.values()].find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  }
  node(name: string): NodeIdentity {
    return { name, labels: { 'kubernetes.io/hostname': name } };
  }
  podsUsingClaim(namespace: string, claimName: string): readonly Pod[] {
    return this.pods.filter((p) => p.metadata?.namespace === namespace && (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claimName));
  }
  now(): Date {
    return new Date('2026-11-22T10:00:00Z');
  }
  event(obj: Volume | Claim, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }

  #check(verb: InjectedFailure['verb'], name: string): void {
    const n = (this.#counts.get(verb) ?? 0) + 1;
    this.#counts.set(verb, n);
    if (this.failures.some((f) => f.verb === verb && f.nth === n)) throw conflict({ group: '', resource: verb.includes('Volume') ? 'persistentvolumes' : 'persistentvolumeclaims' }, name);
    this.writes.push(`${verb} ${name}`);
  }
  #stamp<T extends Volume | Claim>(current: T | undefined, next: T): T {
    if (!current) throw notFound({ group: '', resource: next.kind === 'PersistentVolume' ? 'persistentvolumes' : 'persistentvolumeclaims' }, next.metadata.name);
    if (current.metadata.resourceVersion !== next.metadata.resourceVersion) throw conflict({ group: '', resource: 'objects' }, next.metadata.name);
    return deepFreeze(structuredClone({ ...next, metadata: { ...next.metadata, resourceVersion: String(++this.#rv) } }));
  }
  async updateVolume(v: Volume): Promise<Volume> {
    this.#check('updateVolume', v.metadata.name);
    const current = this.volumes.get(v.metadata.name);
    const out = this.#stamp(current, { ...v, status: current?.status ?? {} });
    this.volumes.upsert(out);
    return out;
  }
  async updateVolumeStatus(v: Volume): Promise<Volume> {
    this.#check('updateVolumeStatus', v.metadata.name);
    const current = this.volumes.get(v.metadata.name);
    const out = this.#stamp(current, { ...current!, metadata: { ...current!.metadata, resourceVersion: v.metadata.resourceVersion! }, status: v.status ?? {} });
    this.volumes.upsert(out);
    return out;
  }
  async updateClaim(c: Claim): Promise<Claim> {
    this.#check('updateClaim', c.metadata.name);
    const current = this.claims.get(claimKey(c));
    const out = this.#stamp(current, { ...c, status: current?.status ?? {} });
    this.claims.set(claimKey(out), out);
    return out;
  }
  async updateClaimStatus(c: Claim): Promise<Claim> {
    this.#check('updateClaimStatus', c.metadata.name);
    const current = this.claims.get(claimKey(c));
    const out = this.#stamp(current, { ...current!, metadata: { ...current!.metadata, resourceVersion: c.metadata.resourceVersion! }, status: c.status ?? {} });
    this.claims.set(claimKey(out), out);
    return out;
  }
  async deleteVolume(v: Volume): Promise<void> {
    this.#check('deleteVolume', v.metadata.name);
    this.volumes.remove(v.metadata.name);
  }

  /** Syncs every claim then every volume until nothing is written (failed syncs count as progress: they retry). */
  async settle(maxRounds = 10): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const before = this.writes.length;
      let failed = false;
      for (const key of [...this.claims.keys()].sort()) {
        const c = this.claims.get(key);
        if (c) await syncClaim(this, c).catch(() => { failed = true; });
      }
      for (const name of this.volumeNames()) {
        const v = this.volumes.get(name);
        if (v) await syncVolume(this, v).catch(() => { failed = true; });
      }
      if (this.writes.length === before && !failed) return;
    }
  }

  volumeNames(): string[] {
    return this.volumes.names().sort();
  }
}

/** A compact view of a volume for table assertions. */
export function volumeState(v: Volume | undefined): string {
  if (!v) return '<deleted>';
  const ref = v.spec?.claimRef;
  const claim = ref ? `${ref.namespace}/${ref.name}${ref.uid ? `@${ref.uid}` : ''}` : '-';
  const byCtl = v.metadata.annotations?.[annBoundByController] ? ' bound-by-controller' : '';
  return `${v.metadata.name} ${v.status?.phase ?? '-'} claim=${claim}${byCtl}`;
}

/** A compact view of a claim for table assertions. */
export function claimState(c: Claim | undefined): string {
  if (!c) return '<deleted>';
  const a = c.metadata.annotations ?? {};
  const flags = [a[annBindCompleted] ? 'bind-completed' : '', a[annBoundByController] ? 'bound-by-controller' : '', a[annStorageProvisioner] ? `provisioner=${a[annStorageProvisioner]}` : ''].filter(Boolean).join(' ');
  const cls = c.spec?.storageClassName === undefined ? '' : ` class=${c.spec.storageClassName}`;
  const cap = c.status?.capacity?.['storage'] ? ` cap=${c.status.capacity['storage']}` : '';
  return `${c.metadata.name} ${c.status?.phase ?? '-'} volume=${c.spec?.volumeName ?? '-'}${cls}${cap}${flags ? ` ${flags}` : ''}`;
}
