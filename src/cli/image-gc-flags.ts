// kubelet's --image-gc-high-threshold, --image-gc-low-threshold and --minimum-image-ttl-duration, taken by
// `skiff server` (for its embedded node) and `skiff agent` alike (pure).
import { goDurationMs } from '../util/index.js';
import { FlagError } from './flag-scan.js';

/** The kubelet's image garbage collection flags, which `skiff server` and `skiff agent` take (k3s passes them as kubelet args). */
export interface ImageGcFlags {
  /** --image-gc-high-threshold: disk usage (percent) at or above which unused images are deleted (100: never). */
  highThresholdPercent: number;
  /** --image-gc-low-threshold: the usage image garbage collection frees down to. */
  lowThresholdPercent: number;
  /** --minimum-image-ttl-duration (imageMinimumGCAge): an unused image younger than this is kept, in ms. */
  minAgeMs: number;
}

export const imageGcValued = ['--image-gc-high-threshold', '--image-gc-low-threshold', '--minimum-image-ttl-duration'] as const;

export const imageGcUsage = `  --image-gc-high-threshold N  disk usage (percent of the filesystem holding images) at or above which unused
                              images are deleted, least recently used first (default 85; 100: never)
  --image-gc-low-threshold N  the disk usage image garbage collection frees down to (default 80; under the high one)
  --minimum-image-ttl-duration D  minimum age of an unused image before it is garbage collected, such as 300ms,
                              10s or 2h45m (default 2m0s)
`;

/**
 * The image GC policy, kubelet's defaults (85, 80, 2m) for the flags not given; low must stay under high, as kubelet
 * checks. Unlike kubelet, a negative minimum age is refused (kubelet takes it as 0).
 */
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
  const ttlText = raw.get('--minimum-image-ttl-duration') ?? '2m0s';
  const minAgeMs = goDurationMs(ttlText);
  if (minAgeMs === undefined) throw new FlagError(`invalid argument "${ttlText}" for "--minimum-image-ttl-duration": must be a duration such as 2m0s`);
  return { highThresholdPercent, lowThresholdPercent, minAgeMs };
}
