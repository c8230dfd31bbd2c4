// Upstream slowStartBatch: run count calls in batches of 1, 2, 4, … (each batch concurrently) and stop
// after the first batch with a failure, so a systematic error (quota, admission) costs one call, not count.

/** Resolves with how many calls were made and the first failure, if any. */
export async function slowStartBatch(count: number, call: (i: number) => Promise<void>): Promise<{ attempted: number; error?: unknown }> {
  let attempted = 0;
  for (let size = 1; attempted < count; size *= 2) {
    const batch = Math.min(size, count - attempted);
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, j) => call(attempted + j)));
    attempted += batch;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) return { attempted, error: failed.reason };
  }
  return { attempted };
}
