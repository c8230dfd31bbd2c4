// Finalizer expectations (upstream uidTrackingExpectations): the pods of each Job whose tracking finalizer
// removal was sent but not yet seen in the cache. Their uids are counted in the Job's status already, so a
// sync on a cache that still shows the finalizer must not count them again.
export class FinalizerExpectations {
  readonly #m = new Map<string, Set<string>>();

  /** Before removing the finalizers of these pods (uids) of the job. */
  expectRemovals(jobKey: string, uids: Iterable<string>): void {
    let set = this.#m.get(jobKey);
    if (!set) this.#m.set(jobKey, (set = new Set()));
    for (const uid of uids) set.add(uid);
  }

  /** The cache shows the pod without the finalizer (or gone), or the removal failed. */
  removalObserved(jobKey: string, uid: string): void {
    const set = this.#m.get(jobKey);
    if (!set) return;
    set.delete(uid);
    if (set.size === 0) this.#m.delete(jobKey);
  }

  expected(jobKey: string): ReadonlySet<string> {
    return this.#m.get(jobKey) ?? new Set();
  }

  forget(jobKey: string): void {
    this.#m.delete(jobKey);
  }
}
