// kubelet's --image-gc-high-threshold and --image-gc-low-threshold, taken by `skiff server` (for its embedded
// node) and `skiff agent` alike (pure).
import { FlagError } from './flag-scan.js';

/** The kubelet's image garbage collection flags, which `skiff server` and `skiff agent` take (k3s passes them as kubelet args). */
export interface ImageGcFlags {
  /** --image-gc-high-threshold: disk usage (percent) at or above which unused images are deleted (100: never). */
  highThresholdPercent: number;
  /** --image-gc-low-threshold: the usage image garbage collection frees down to. */
  lowThresholdPercent: number;
}

export const imageGcValued = ['--image-gc-high-threshold', '--image-gc-low-threshold'] as const;

export const imageGcUsage = `  --image-gc-high-threshold N  disk usage (percent of the filesystem holding images) at or above which unused
                              images are deleted, least recently used first (default 85; 100: never)
  --image-gc-low-threshold N  the disk usage image garbage collection frees down to (default 80; under the high one)
`;

/** The image GC thresholds, kubelet's defaults (85, 80) for those not given; low must stay under high, as kubelet checks. */
export function parseImageGcFlags(raw: ReadonlyMap<string, string>): ImageGcFlags {
  const percent = (flag: string, fallback: number): number => {
    const text = raw.get(flag) ?? String(fallback);
    if (!/^\d+$/.test(text) || Number(text) > 100) throw new FlagError(`invalid argument "${text}" for "${flag}": must be a whole number between 0 and 100, inclusive`);
    return Number(text);
  };
  const highThresholdPercent = percent('--image-gc-high-threshold', 85);
  const lowThresholdPercent = percent('--image-gc-low-threshold', 80);
  if (lowThresholdPercent >= highThresholdPercent) {
    throw new FlagError(`invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) ${lowThresholdPercent} must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) ${highThresholdPercent}`);
  }
  return { highThresholdPercent, lowThresholdPercent };
}
