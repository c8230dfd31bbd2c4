// Which pods reference which claims: the one index the PV controller, the scheduler and pvc-protection
// keep from their pod informers. Pure data; callers filter the pods it returns for their own rule
// (scheduled, unfinished, …).
import type { Pod } from 'kubernetes-types/core/v1.js';

/** The claim names a pod's volumes reference (persistentVolumeClaim volumes). */
export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
}

export class ClaimUsers {
  /** claim key "ns/name" → pod keys "ns/name". */
  readonly #byClaim = new Map<string, Set<string>>();
  /** pod key → the claim keys it was indexed under. */
  readonly #byPod = new Map<string, string[]>();

  /** Indexes the pod under its claims, replacing what it was indexed under before; undefined forgets it. Returns its claim keys. */
  set(podKey: string, pod: Pod | undefined): string[] {
    for (const k of this.#byPod.get(podKey) ?? []) {
      const s = this.#byClaim.get(k);
      s?.delete(podKey);
      if (s?.size === 0) this.#byClaim.delete(k);
    }
    this.#byPod.delete(podKey);
    if (!pod) return [];
    const keys = podClaimNames(pod).map((n) => `${pod.metadata?.namespace ?? ''}/${n}`);
    if (keys.length === 0) return keys;
    this.#byPod.set(podKey, keys);
    for (const k of keys) {
      let s = this.#byClaim.get(k);
      if (!s) this.#byClaim.set(k, (s = new Set()));
      s.add(podKey);
    }
    return keys;
  }

  /** Keys of the pods whose volumes reference the claim "ns/name". */
  podsOf(claimKey: string): string[] {
    return [...(this.#byClaim.get(claimKey) ?? [])];
  }
}
