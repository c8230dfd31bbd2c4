// PersistentVolumeEnv over informers and the API client. Its own writes overlay the caches until the
// informers catch up (upstream's assume cache), and it keeps the indexes the wiring needs: volumes by
// claim, pods by claim, unbound claims.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  annBindCompleted, ClaimUsers, claimClass, claimKey, defaultStorageClassOf, isNotFound, lookupResource, podClaimNames,
  type ClaimObject as Claim, type KubeObject, type NodeIdentity, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../../api/index.js';
import type { Client, EventRecorder, EventType, Informer } from '../../client/index.js';
import type { Clock } from '../../util/index.js';
import type { PersistentVolumeEnv, VolumePlugins } from './env.js';
import { VolumeIndex } from '../../api/index.js';

export const pvResource = lookupResource('', 'v1', 'persistentvolumes')!;
export const pvcResource = lookupResource('', 'v1', 'persistentvolumeclaims')!;

const rvOf = (o: { metadata?: { resourceVersion?: string } } | undefined): number => Number(o?.metadata?.resourceVersion ?? 0);

export interface ApiEnvOptions {
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  plugins: VolumePlugins;
  claims: Informer<Claim>;
  classes: Informer<Class>;
  pods: Informer<Pod>;
  nodes: Informer<Node>;
}

export class ApiEnv implements PersistentVolumeEnv {
  readonly volumes = new VolumeIndex();
  readonly plugins: VolumePlugins;
  readonly #o: ApiEnvOptions;
  /** Claims this controller wrote, newer than the informer's copy. */
  readonly #ownClaims = new Map<string, Claim>();
  /** Which pods reference which claims. */
  readonly #claimUsers = new ClaimUsers();
  /** Unbound claims by class name, re-examined when a volume frees up or a class appears. */
  readonly #unbound = new Map<string, Set<string>>();

  constructor(options: ApiEnvOptions) {
    this.#o = options;
    this.plugins = options.plugins;
  }

  // Feeds from the informers ------------------------------------------------------------------

  /** Takes a volume from the informer unless the index already holds a newer copy (our own write). */
  observeVolume(v: Volume): void {
    const known = this.volumes.get(v.metadata.name);
    if (!known || rvOf(known) <= rvOf(v) || known.metadata.uid !== v.metadata.uid) this.volumes.upsert(v);
  }

  forgetVolume(v: Volume): void {
    if (this.volumes.get(v.metadata.name)?.metadata.uid === v.metadata.uid) this.volumes.remove(v.metadata.name);
  }

  observeClaim(c: Claim): void {
    const key = claimKey(c);
    const own = this.#ownClaims.get(key);
    if (own && (rvOf(own) <= rvOf(c) || own.metadata.uid !== c.metadata.uid)) this.#ownClaims.delete(key);
    const newest = this.claim(key) ?? c;
    for (const set of this.#unbound.values()) set.delete(key);
    if (newest.metadata.annotations?.[annBindCompleted] === undefined) {
      const cls = claimClass(newest);
      let s = this.#unbound.get(cls);
      if (!s) this.#unbound.set(cls, (s = new Set()));
      s.add(key);
    }
  }

  forgetClaim(c: Claim): void {
    const key = claimKey(c);
    this.#ownClaims.delete(key);
    for (const set of this.#unbound.values()) set.delete(key);
  }

  /** Unbound claims of a class (all unbound claims when cls is undefined). */
  unboundClaims(cls?: string): string[] {
    if (cls !== undefined) return [...(this.#unbound.get(cls) ?? [])];
    return [...this.#unbound.values()].flatMap((s) => [...s]);
  }

  /** Indexes (or, when present is false, forgets) a pod; returns the keys of the claims it references. */
  observePod(p: Pod, present: boolean): string[] {
    const keys = podClaimNames(p).map((n) => `${p.metadata?.namespace ?? ''}/${n}`);
    this.#claimUsers.set(`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`, present ? p : undefined);
    return keys;
  }

  // PersistentVolumeEnv -----------------------------------------------------------------------

  claim(key: string): Claim | undefined {
    const cached = this.#o.claims.get(key);
    const own = this.#ownClaims.get(key);
    if (own && (!cached || (cached.metadata.uid === own.metadata.uid && rvOf(own) > rvOf(cached)))) return own;
    return cached;
  }

  async fetchClaim(key: string): Promise<Claim | undefined> {
    const [namespace, name] = key.split('/') as [string, string];
    try {
      return await this.#o.client.get(pvcResource, namespace, name);
    } catch (e: unknown) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  volume(name: string): Volume | undefined {
    return this.volumes.get(name);
  }

  storageClass(name: string): Class | undefined {
    return this.#o.classes.get(name);
  }

  defaultClass(): Class | undefined {
    return defaultStorageClassOf(this.#o.classes.list()) as Class | undefined;
  }

  node(name: string): NodeIdentity {
    const n = this.#o.nodes.get(name);
    return { name, labels: n?.metadata?.labels ?? { 'kubernetes.io/hostname': name } };
  }

  podsUsingClaim(namespace: string, claimName: string): readonly Pod[] {
    return this.#claimUsers.podsOf(`${namespace}/${claimName}`).flatMap((k) => {
      const p = this.#o.pods.get(k);
      return p ? [p] : [];
    });
  }

  async updateVolume(v: Volume): Promise<Volume> {
    return this.#volumeWritten(await this.#o.client.update(pvResource, v));
  }

  async updateVolumeStatus(v: Volume): Promise<Volume> {
    return this.#volumeWritten(await this.#o.client.update(pvResource, v, 'status'));
  }

  #volumeWritten(v: Volume): Volume {
    this.observeVolume(v);
    return v;
  }

  async updateClaim(c: Claim): Promise<Claim> {
    return this.#claimWritten(await this.#o.client.update(pvcResource, c));
  }

  async updateClaimStatus(c: Claim): Promise<Claim> {
    return this.#claimWritten(await this.#o.client.update(pvcResource, c, 'status'));
  }

  #claimWritten(c: Claim): Claim {
    this.#ownClaims.set(claimKey(c), c);
    this.observeClaim(c);
    return c;
  }

  async deleteVolume(v: Volume): Promise<void> {
    try {
      await this.#o.client.delete(pvResource, '', v.metadata.name, { preconditions: { uid: v.metadata.uid! } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  event(obj: Volume | Claim, type: EventType, reason: string, message: string): void {
    this.#o.recorder.event(obj, type, reason, message);
  }

  now(): Date {
    return this.#o.clock.now();
  }
}
