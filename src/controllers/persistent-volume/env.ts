// What the PV controller's decisions need from the world: reads of the newest known objects, writes,
// events and the in-tree volume plugins. ApiEnv (api-env.ts) implements it; testing.ts fakes it.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeIdentity } from '../../api/index.js';
import type { EventType } from '../../client/index.js';
import type { VolumeIndex } from '../../api/index.js';
import type { ClaimObject as Claim, StorageClassObject as Class, VolumeObject as Volume } from '../../api/index.js';

/** In-tree reclaim behaviour for volume types the controller handles itself (hostPath, local). */
export interface VolumePlugins {
  /** The scrub for a Recycle volume, or undefined: "No recycler plugin found for the volume!". */
  recycler(volume: Volume): (() => Promise<void>) | undefined;
  /**
   * The deleter for a Delete volume. Returns undefined when no plugin deletes this type; throws an Error whose
   * message is the plugin's refusal (e.g. a hostPath outside /tmp/).
   */
  deleter(volume: Volume): (() => Promise<void>) | undefined;
}

export interface PersistentVolumeEnv {
  /**
   * Reads return the newest object known: the informer cache, or this controller's own later write
   * (upstream's assume cache), so a sync never acts on a state older than its own last write.
   */
  claim(key: string): Claim | undefined;
  /** A live read (quorum GET) of the claim "ns/name"; undefined when it does not exist. */
  fetchClaim(key: string): Promise<Claim | undefined>;
  volume(name: string): Volume | undefined;
  readonly volumes: VolumeIndex;
  storageClass(name: string): Class | undefined;
  /** The default StorageClass (DefaultStorageClass rule), if any. */
  defaultClass(): Class | undefined;
  /** A node's name and labels; a node without an object is known by its hostname label only. */
  node(name: string): NodeIdentity;
  /** Pods in the namespace whose spec.volumes reference the claim. */
  podsUsingClaim(namespace: string, claimName: string): readonly Pod[];
  /** Writes: resolve with the stored object; reject with ApiError (conflicts are retried by the caller). */
  updateVolume(volume: Volume): Promise<Volume>;
  updateVolumeStatus(volume: Volume): Promise<Volume>;
  updateClaim(claim: Claim): Promise<Claim>;
  updateClaimStatus(claim: Claim): Promise<Claim>;
  /** Deletes the volume object; NotFound counts as done. */
  deleteVolume(volume: Volume): Promise<void>;
  event(obj: Volume | Claim, type: EventType, reason: string, message: string): void;
  readonly plugins: VolumePlugins;
  now(): Date;
}
