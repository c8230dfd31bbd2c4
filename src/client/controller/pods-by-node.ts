// Pod keys by the node they are bound to, kept from a pod informer's events: a node event looks at its own
// pods only (taint eviction, pod GC), never at every pod.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { objectKeyOf } from '../informer/informer.js';

export class PodsByNode {
  readonly #m = new Map<string, Set<string>>();

  /** Records the pod (a new one, or an update replacing old). */
  set(pod: Pod, old?: Pod): void {
    if (old) this.delete(old);
    const n = pod.spec?.nodeName;
    if (!n) return;
    let s = this.#m.get(n);
    if (!s) this.#m.set(n, (s = new Set()));
    s.add(objectKeyOf(pod));
  }

  delete(pod: Pod): void {
    const n = pod.spec?.nodeName ?? '';
    const s = this.#m.get(n);
    if (!s) return;
    s.delete(objectKeyOf(pod));
    if (s.size === 0) this.#m.delete(n);
  }

  /** The keys ("namespace/name") of the pods bound to the node; a copy. */
  keysOn(node: string): string[] {
    return [...(this.#m.get(node) ?? [])];
  }
}
