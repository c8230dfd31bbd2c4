// Pod re-creation backoff of a Job (upstream backoffRecord): consecutive failures since the last success
// and when the last one happened give the delay before the next pod: 10 s doubling, at most 10 minutes. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { finishedTimeMs, indexFailureCountOf, indexIgnoredFailureCountOf } from './pod-facts.js';

export const podFailureBackoffMs = 10_000;
/** Upstream MaxJobPodFailureBackOff (the documentation's "capped at six minutes" is what backoffLimit 6 reaches: 320 s). */
export const maxPodFailureBackoffMs = 10 * 60_000;

export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureMs?: number;
}

export const noBackoff: BackoffRecord = { failuresAfterLastSuccess: 0 };

/** The record after this sync's newly finished pods: a success resets it, failures after the last success count. */
export function nextBackoffRecord(prev: BackoffRecord, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
  const failedTimes = newFailed.map(finishedTimeMs).sort((a, b) => a - b);
  const lastSuccess = newSucceeded.length ? Math.max(...newSucceeded.map(finishedTimeMs)) : undefined;
  // Without a new success the failures add up; after one, only the failures later than it count.
  const counted = lastSuccess === undefined ? failedTimes : failedTimes.filter((t) => t > lastSuccess);
  const last = counted.at(-1);
  if (last === undefined) return lastSuccess === undefined ? prev : noBackoff;
  return { failuresAfterLastSuccess: (lastSuccess === undefined ? prev.failuresAfterLastSuccess : 0) + counted.length, lastFailureMs: last };
}

/** Milliseconds to wait before creating a pod after `failures` consecutive failures, the last at lastFailureMs. */
export function remainingBackoffMs(failures: number, lastFailureMs: number | undefined, nowMs: number): number {
  if (failures <= 0 || lastFailureMs === undefined) return 0;
  let delay = podFailureBackoffMs;
  for (let i = 1; i < failures && delay < maxPodFailureBackoffMs; i++) delay = Math.min(delay * 2, maxPodFailureBackoffMs);
  return Math.max(0, delay - (nowMs - lastFailureMs));
}

/** Per-index backoff (backoffLimitPerIndex): from the index's last failed pod and its failure-count annotations. */
export function remainingIndexBackoffMs(lastFailed: Pod | undefined, nowMs: number): number {
  if (!lastFailed) return 0;
  return remainingBackoffMs(indexFailureCountOf(lastFailed) + indexIgnoredFailureCountOf(lastFailed) + 1, finishedTimeMs(lastFailed), nowMs);
}
