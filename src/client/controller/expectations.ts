// Controller expectations (upstream ControllerExpectations, used by the ReplicaSet and Job controllers): after a
// sync creates or deletes pods, the owner is not synced on stale caches until the informer has seen those
// creations and deletions (or the expectations expire), so one scale-up never creates its pods twice.
export const expectationsTimeoutMs = 5 * 60_000;

interface Expected { adds: number; deletes: Set<string>; at: number }

export class Expectations {
  readonly #m = new Map<string, Expected>();

  /** Before creating n pods and deleting the named ones (pod keys "ns/name"). */
  expect(owner: string, adds: number, deletes: readonly string[], nowMs: number): void {
    this.#m.set(owner, { adds, deletes: new Set(deletes), at: nowMs });
  }
  /** An informer saw a pod of the owner appear, or a creation failed (it will never appear). */
  creationObserved(owner: string): void {
    const e = this.#m.get(owner);
    if (e && e.adds > 0) e.adds--;
  }
  /** An informer saw the pod go, or its deletion failed. */
  deletionObserved(owner: string, podKey: string): void {
    this.#m.get(owner)?.deletes.delete(podKey);
  }
  satisfied(owner: string, nowMs: number): boolean {
    const e = this.#m.get(owner);
    return !e || (e.adds <= 0 && e.deletes.size === 0) || nowMs - e.at > expectationsTimeoutMs;
  }
  forget(owner: string): void {
    this.#m.delete(owner);
  }
}
