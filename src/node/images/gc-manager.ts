// The node's image garbage collector (upstream's realImageGCManager): every 5 minutes it notes the images in the
// store and which of them containers use, and when the filesystem holding them is over the high threshold
// deletes unused ones down to the low threshold (gc-plan.ts decides). Under disk pressure the agent calls
// deleteUnusedImages() before it evicts a pod.
import { existsSync, statfsSync } from 'node:fs';
import type { EventRecorder, EventSubject } from '../../client/index.js';
import { errorMessage, formatGoDuration, type Clock, type Logger } from '../../util/index.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { defaultImageGcPolicy, freeDiskSpaceFailedMessage, imageFsUsage, imagesInEvictionOrder, imagesToFree, oldImages, type DiskStats, type ImageFacts, type ImageGcPolicy } from './gc-plan.js';
import type { ImageStore } from './store.js';
import type { ImageUnpacker } from './unpack.js';

/** How often images are collected (upstream's ImageGCPeriod). */
export const imageGcPeriodMs = 5 * 60_000;

/** A collection round failed: images could not be deleted, or not enough could be. */
export class ImageGcError extends Error {
  override name = 'ImageGcError';
}

export interface ImageGcManagerOptions {
  store: ImageStore;
  unpacker: ImageUnpacker;
  /** The containers on the node (any state, any pod): the images of their roots are in use. */
  runtime: Pick<ContainerRuntime, 'listContainers'>;
  /** Bytes an unpacked root takes on disk (du); measured once per image, for images that may go. */
  rootBytes: (dir: string) => Promise<number>;
  /** The filesystem holding the store, measured now (default: statfs of the store's directory). */
  imageFs?: () => DiskStats;
  /** Images never collected, by manifest digest (k3s pins the images of its airgap directory). */
  pinned?: () => ReadonlySet<string>;
  /** Whether a pull is under way: it may skip a blob it finds stored that collection would delete, so collection waits. */
  pulling?: () => boolean;
  /** The Node events are about (FreeDiskSpaceFailed, ImageGCFailed, InvalidDiskCapacity). */
  nodeName: string;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  policy?: Partial<ImageGcPolicy>;
}

function statfsOf(dir: string): DiskStats {
  const s = statfsSync(dir);
  return { capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize };
}

/** Go's errors.NewAggregate text. */
const aggregate = (errors: readonly string[]): string => (errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);

export class ImageGcManager implements AsyncDisposable {
  readonly #o: ImageGcManagerOptions;
  readonly #policy: ImageGcPolicy;
  readonly #node: EventSubject;
  readonly #beganGcMs: number;
  /** What upstream's imageRecords hold, by manifest digest (in memory: a restarted agent sees every image anew). */
  readonly #records = new Map<string, { firstDetectedMs: number; lastUsedMs: number }>();
  /** When each image was last handed to a container start (markUsed). */
  readonly #handedOut = new Map<string, number>();
  readonly #rootBytes = new Map<string, number>();
  /** Rounds and deleteUnusedImages() run one at a time. */
  #running: Promise<unknown> = Promise.resolve();
  #timer: Disposable | undefined;
  #stopped = false;
  #prevFailed = false;

  constructor(options: ImageGcManagerOptions) {
    const policy = { ...defaultImageGcPolicy, ...options.policy };
    // Upstream's NewImageGCManager checks.
    if (policy.highThresholdPercent < 0 || policy.highThresholdPercent > 100) throw new RangeError(`invalid HighThresholdPercent ${policy.highThresholdPercent}, must be in range [0-100]`);
    if (policy.lowThresholdPercent < 0 || policy.lowThresholdPercent > 100) throw new RangeError(`invalid LowThresholdPercent ${policy.lowThresholdPercent}, must be in range [0-100]`);
    if (policy.lowThresholdPercent > policy.highThresholdPercent) throw new RangeError(`LowThresholdPercent ${policy.lowThresholdPercent} can not be higher than HighThresholdPercent ${policy.highThresholdPercent}`);
    this.#o = options;
    this.#policy = policy;
    this.#node = { apiVersion: 'v1', kind: 'Node', metadata: { name: options.nodeName, uid: options.nodeName } };
    this.#beganGcMs = options.clock.nowMs();
  }

  /**
   * Collects now and every 5 minutes. A failure is logged; a second one in a row is also a Warning ImageGCFailed
   * event on the Node (the first may be stats not ready, upstream says). With the high threshold at 100 and no
   * maximum age, nothing is collected periodically (upstream turns image GC off).
   */
  start(): void {
    if (this.#policy.highThresholdPercent === 100 && this.#policy.maxAgeMs === 0) {
      this.#o.logger.info('image garbage collection is off: the high threshold is 100 and there is no maximum age');
      return;
    }
    const round = (): void => {
      void this.#serially(async () => {
        try {
          await this.#garbageCollect();
          if (this.#prevFailed) this.#o.logger.info('image garbage collection succeeded');
          this.#prevFailed = false;
        } catch (e: unknown) {
          if (this.#prevFailed) {
            this.#o.logger.error('image garbage collection failed multiple times in a row', { error: errorMessage(e) });
            this.#o.recorder.event(this.#node, 'Warning', 'ImageGCFailed', errorMessage(e));
          } else {
            this.#o.logger.warn('image garbage collection failed once; stats initialization may not have completed yet', { error: errorMessage(e) });
          }
          this.#prevFailed = true;
        }
        if (!this.#stopped) this.#timer = this.#o.clock.setTimeout(round, imageGcPeriodMs);
      });
    };
    round();
  }

  /** Resolves once no collection is running (nor queued). */
  async idle(): Promise<void> {
    await this.#running;
  }

  /**
   * The image was handed to a container that is starting: used now, and in use until the minimum age has passed
   * (the container may not be listed by the runtime yet).
   */
  markUsed(manifestDigest: string): void {
    this.#handedOut.set(manifestDigest, this.#o.clock.nowMs());
  }

  /**
   * One round (upstream's GarbageCollect): images unused beyond the maximum age go, then, over the high threshold,
   * unused images until usage is at the low one. Rejects with ImageGcError when images could not be deleted or not
   * enough could (a Warning FreeDiskSpaceFailed event then, or InvalidDiskCapacity for a filesystem of size 0).
   */
  garbageCollect(): Promise<void> {
    return this.#serially(() => this.#garbageCollect());
  }

  /**
   * Deletes every unused image old enough (the eviction manager's node-level reclaim for disk pressure); resolves
   * with the bytes freed. Rejects with ImageGcError when some could not be deleted.
   */
  deleteUnusedImages(): Promise<number> {
    return this.#serially(async () => {
      if (this.#o.pulling?.()) return 0;
      const detectedMs = this.#o.clock.nowMs();
      const facts = await this.#measureRoots((await this.#detect()).facts);
      const plan = imagesToFree(facts, { policy: this.#policy, nowMs: detectedMs, bytesToFree: Infinity });
      const { freedBytes, errors } = await this.#remove(plan.deletions, detectedMs);
      if (errors.length) throw new ImageGcError(`wanted to free all unused images, but freed ${freedBytes} bytes space with errors in image deletion: ${aggregate(errors)}`);
      return freedBytes;
    });
  }

  #serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#running.then(fn);
    this.#running = next.catch(() => undefined);
    return next;
  }

  async #garbageCollect(): Promise<void> {
    if (this.#o.pulling?.()) {
      this.#o.logger.debug('image garbage collection waits: a pull is under way');
      return;
    }
    const policy = this.#policy;
    const detectedMs = this.#o.clock.nowMs();
    const detected = await this.#detect();
    let facts = detected.facts;
    await this.#removeLeftoverRoots(detected.roots);
    const old = oldImages(facts, { policy, nowMs: detectedMs, beganGcMs: this.#beganGcMs });
    if (old.length) {
      const { removed, errors } = await this.#remove(old.map((i) => ({ id: i.id, bytesFreed: 0 })), detectedMs);
      if (errors.length) throw new ImageGcError(`wanted to free images older than ${formatGoDuration(policy.maxAgeMs)}, encountered errors in image deletion: ${aggregate(errors)}`);
      facts = facts.filter((f) => !removed.has(f.id));
    }
    const usage = imageFsUsage((this.#o.imageFs ?? (() => statfsOf(this.#o.store.dir)))(), policy);
    if (usage.kind === 'invalidCapacity') {
      const message = 'invalid capacity 0 on image filesystem';
      this.#o.recorder.event(this.#node, 'Warning', 'InvalidDiskCapacity', message);
      throw new ImageGcError(message);
    }
    if (usage.bytesToFree === 0) return;
    this.#o.logger.info('disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold', {
      usage: usage.usagePercent, highThreshold: policy.highThresholdPercent, amountToFree: usage.bytesToFree, lowThreshold: policy.lowThresholdPercent,
    });
    const plan = imagesToFree(await this.#measureRoots(facts), { policy, nowMs: detectedMs, bytesToFree: usage.bytesToFree });
    const { freedBytes, errors } = await this.#remove(plan.deletions, detectedMs);
    if (errors.length) throw new ImageGcError(`wanted to free ${usage.bytesToFree} bytes, but freed ${freedBytes} bytes space with errors in image deletion: ${aggregate(errors)}`);
    if (freedBytes < usage.bytesToFree) {
      const message = freeDiskSpaceFailedMessage(usage.bytesToFree, freedBytes);
      this.#o.recorder.event(this.#node, 'Warning', 'FreeDiskSpaceFailed', message);
      throw new ImageGcError(message);
    }
  }

  /**
   * Upstream's detectImages: records images first seen now, and images containers use as used now. Returns the
   * facts and the roots containers use.
   */
  async #detect(): Promise<{ facts: ImageFacts[]; roots: ReadonlySet<string> }> {
    const { store, unpacker, runtime, clock } = this.#o;
    const nowMs = clock.nowMs();
    const images = store.images();
    const roots = new Set((await runtime.listContainers()).map((c) => c.imageRoot));
    const pinned = this.#o.pinned?.() ?? new Set<string>();
    for (const [id, ms] of this.#handedOut) if (nowMs - ms >= this.#policy.minAgeMs) this.#handedOut.delete(id);
    const present = new Set(images.map((i) => i.manifestDigest));
    for (const id of this.#records.keys()) if (!present.has(id)) { this.#records.delete(id); this.#rootBytes.delete(id); }
    const facts = images.map((image) => {
      const id = image.manifestDigest;
      const record = this.#records.get(id) ?? { firstDetectedMs: nowMs, lastUsedMs: 0 };
      this.#records.set(id, record);
      const running = roots.has(unpacker.rootOf(id));
      const handedOut = this.#handedOut.get(id);
      if (running) record.lastUsedMs = nowMs;
      else if (handedOut !== undefined) record.lastUsedMs = Math.max(record.lastUsedMs, handedOut);
      return {
        id, blobs: image.blobs.map((b) => ({ digest: b.digest, size: b.size })), rootBytes: this.#rootBytes.get(id) ?? 0,
        firstDetectedMs: record.firstDetectedMs, lastUsedMs: record.lastUsedMs, inUse: running || handedOut !== undefined, pinned: pinned.has(id),
      };
    });
    return { facts, roots };
  }

  /**
   * Unpacked roots no stored image has and no container uses (a removal that stopped half-way, or a reference
   * that moved to a new manifest, as a pull of :latest does): they go too. The store is read again, so an image
   * stored since detection keeps its root; one being unpacked for a container was handed out.
   */
  async #removeLeftoverRoots(roots: ReadonlySet<string>): Promise<void> {
    const stored = this.#o.store.referencedManifests();
    const keep = (digest: string): boolean => stored.has(digest) || this.#handedOut.has(digest) || roots.has(this.#o.unpacker.rootOf(digest));
    try {
      const removed = await this.#o.unpacker.removeLeftovers(keep);
      if (removed.length) this.#o.logger.info('removed unpacked image roots no image or container needs', { roots: removed.join(', ') });
    } catch (e: unknown) {
      this.#o.logger.warn('unpacked image roots not removed', { error: errorMessage(e) });
    }
  }

  /** The facts with the unpacked roots of the images that may go measured (once per root: roots do not change). */
  async #measureRoots(facts: ImageFacts[]): Promise<ImageFacts[]> {
    for (const f of imagesInEvictionOrder(facts)) {
      const dir = this.#o.unpacker.rootOf(f.id);
      if (!this.#rootBytes.has(f.id) && existsSync(dir)) this.#rootBytes.set(f.id, await this.#o.rootBytes(dir));
    }
    return facts.map((f) => ({ ...f, rootBytes: this.#rootBytes.get(f.id) ?? f.rootBytes }));
  }

  /**
   * Deletes images (their references, blobs no other image needs, and unpacked root), going on past failures as
   * upstream. An image handed to a container since detection is kept: it is not counted as freed.
   */
  async #remove(deletions: readonly { id: string; bytesFreed: number }[], detectedMs: number): Promise<{ removed: Set<string>; freedBytes: number; errors: string[] }> {
    const removed = new Set<string>();
    const errors: string[] = [];
    let freedBytes = 0;
    for (const d of deletions) {
      if ((this.#handedOut.get(d.id) ?? -Infinity) >= detectedMs) continue;
      try {
        const references = this.#o.store.removeImage(d.id);
        await this.#o.unpacker.remove(d.id);
        this.#records.delete(d.id);
        this.#rootBytes.delete(d.id);
        removed.add(d.id);
        freedBytes += d.bytesFreed;
        this.#o.logger.info('removed image to free bytes', { imageID: d.id, references: references.join(', '), size: d.bytesFreed });
      } catch (e: unknown) {
        errors.push(`failed to remove image "${d.id}": ${errorMessage(e)}`);
      }
    }
    return { removed, freedBytes, errors };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    this.#timer?.[Symbol.dispose]();
    await this.idle();
  }
}
