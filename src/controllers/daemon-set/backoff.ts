// The failed-pod backoff (upstream flowcontrol.Backoff as the DaemonSet controller uses it: 1 s doubling to
// 15 min, per DaemonSet, generation and node): a failed daemon pod is deleted at once, the next failure on that
// node only after the delay. Pure: entries in, entries out; the shell keeps them.
export interface BackoffEntry {
  readonly delayMs: number;
  /** When the delay was last raised. */
  readonly lastMs: number;
}

export const failedPodBackoffInitialMs = 1000;
export const failedPodBackoffMaxMs = 15 * 60_000;

/** An entry untouched for twice the maximum is forgotten (upstream: stable again). */
const expired = (e: BackoffEntry, nowMs: number): boolean => nowMs - e.lastMs > 2 * failedPodBackoffMaxMs;

/** While in backoff: how long until it ends; undefined when a failed pod may be deleted now. */
export function backoffRemainingMs(e: BackoffEntry | undefined, nowMs: number): number | undefined {
  if (!e || expired(e, nowMs)) return undefined;
  const left = e.lastMs + e.delayMs - nowMs;
  return left > 0 ? left : undefined;
}

/** The entry after one more failure at nowMs: the initial delay first (or after expiry), then doubled up to the maximum. */
export function nextBackoff(e: BackoffEntry | undefined, nowMs: number): BackoffEntry {
  if (!e || expired(e, nowMs)) return { delayMs: failedPodBackoffInitialMs, lastMs: nowMs };
  return { delayMs: Math.min(e.delayMs * 2, failedPodBackoffMaxMs), lastMs: nowMs };
}
