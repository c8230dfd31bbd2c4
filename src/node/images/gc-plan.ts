// Image garbage collection's decisions (upstream's pkg/kubelet/images/image_gc_manager.go): how far the
// filesystem holding images is over the high threshold, and which unused images go, least recently used first.
// Pure: gc-manager.ts gathers the facts (store, runtime, disk) and deletes.

export interface ImageGcPolicy {
  /** Disk usage (percent) at or above which images are collected (imageGCHighThresholdPercent; 100: never). */
  highThresholdPercent: number;
  /** The usage collection frees down to (imageGCLowThresholdPercent). */
  lowThresholdPercent: number;
  /** An image first seen more recently than this is kept: it may have just been pulled (imageMinimumGCAge). */
  minAgeMs: number;
  /** An image unused for longer goes whatever the disk usage (imageMaximumGCAge; 0: off). */
  maxAgeMs: number;
}

/** The kubelet's defaults: 85 %, 80 %, 2m, off. */
export const defaultImageGcPolicy: ImageGcPolicy = { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 2 * 60_000, maxAgeMs: 0 };

/** What collection knows of one image in the store. */
export interface ImageFacts {
  /** The manifest digest: the image's identity (all references naming it go with it). */
  id: string;
  /** The blobs it needs, with their sizes: a blob is freed once no remaining image needs it. */
  blobs: readonly { digest: string; size: number }[];
  /** Bytes its unpacked root takes (0 when it is not unpacked, or not measured). */
  rootBytes: number;
  /** When this kubelet first saw it in the store. */
  firstDetectedMs: number;
  /** When a container was last seen using it; 0 when never (Go's zero time sorts first as well). */
  lastUsedMs: number;
  /** A container on the node (running or exited, of any pod) uses it, or one is about to. */
  inUse: boolean;
  /** Never collected (k3s pins the images of its airgap directory, as containerd pins the sandbox image). */
  pinned: boolean;
}

/** The filesystem holding images, in bytes. */
export interface DiskStats { capacityBytes: number; availableBytes: number }

export type ImageFsUsage =
  /** Capacity 0: upstream's InvalidDiskCapacity. */
  | { kind: 'invalidCapacity' }
  /** bytesToFree is 0 under the high threshold, else what brings usage down to the low threshold. */
  | { kind: 'measured'; usagePercent: number; bytesToFree: number };

/** Upstream's arithmetic, in whole percent: over the high threshold, free down to the low one. */
export function imageFsUsage(disk: DiskStats, policy: ImageGcPolicy): ImageFsUsage {
  const capacity = disk.capacityBytes;
  if (capacity <= 0) return { kind: 'invalidCapacity' };
  const available = Math.min(disk.availableBytes, capacity);
  const usagePercent = 100 - Math.floor((available * 100) / capacity);
  const bytesToFree = usagePercent >= policy.highThresholdPercent ? Math.max(0, Math.floor((capacity * (100 - policy.lowThresholdPercent)) / 100) - available) : 0;
  return { kind: 'measured', usagePercent, bytesToFree };
}

/** Images that may be collected, in the order they go: unused and unpinned, least recently used, then first seen, first. */
export function imagesInEvictionOrder(images: readonly ImageFacts[]): ImageFacts[] {
  return images.filter((i) => !i.inUse && !i.pinned).sort((a, b) => a.lastUsedMs - b.lastUsedMs || a.firstDetectedMs - b.firstDetectedMs);
}

/**
 * imageMaximumGCAge: unused images not used for longer than the maximum age, once the kubelet has itself run that
 * long (before, lastUsed is unknown rather than old).
 */
export function oldImages(images: readonly ImageFacts[], options: { policy: ImageGcPolicy; nowMs: number; beganGcMs: number }): ImageFacts[] {
  const { policy, nowMs } = options;
  if (policy.maxAgeMs === 0 || nowMs - options.beganGcMs <= policy.maxAgeMs) return [];
  return imagesInEvictionOrder(images).filter((i) => nowMs - i.lastUsedMs > policy.maxAgeMs);
}

export interface SpaceDeletion { id: string; bytesFreed: number }

/**
 * Upstream's freeSpace: images in eviction order, skipping those younger than the minimum age, until bytesToFree
 * are freed (Infinity: every eligible image, DeleteUnusedImages). Unlike upstream, an image frees its unpacked root
 * and only the blobs no other image needs (upstream counts each image's whole size), so shared layers are not
 * counted twice. `images` is every image in the store: in-use ones hold their blobs.
 */
export function imagesToFree(images: readonly ImageFacts[], options: { policy: ImageGcPolicy; nowMs: number; bytesToFree: number }): { deletions: SpaceDeletion[]; bytesFreed: number } {
  const users = new Map<string, number>();
  for (const i of images) for (const d of new Set(i.blobs.map((b) => b.digest))) users.set(d, (users.get(d) ?? 0) + 1);
  const deletions: SpaceDeletion[] = [];
  let bytesFreed = 0;
  for (const image of imagesInEvictionOrder(images)) {
    if (bytesFreed >= options.bytesToFree) break;
    if (options.nowMs - image.firstDetectedMs < options.policy.minAgeMs) continue;
    let freed = image.rootBytes;
    const seen = new Set<string>();
    for (const b of image.blobs) {
      if (seen.has(b.digest)) continue;
      seen.add(b.digest);
      const left = (users.get(b.digest) ?? 1) - 1;
      users.set(b.digest, left);
      if (left === 0) freed += b.size;
    }
    deletions.push({ id: image.id, bytesFreed: freed });
    bytesFreed += freed;
  }
  return { deletions, bytesFreed };
}

/** Upstream's FreeDiskSpaceFailed message. */
export function freeDiskSpaceFailedMessage(bytesToFree: number, bytesFreed: number): string {
  return `Failed to garbage collect required amount of images. Attempted to free ${bytesToFree} bytes, but only found ${bytesFreed} bytes eligible to free.`;
}
