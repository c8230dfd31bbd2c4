// Taints and tolerations (upstream ToleratesTaint and FindMatchingUntoleratedTaint), shared by the
// scheduler's filters, taint-based eviction and the DaemonSet controller's node eligibility. Pure.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** Toleration matches taint: key (an empty key with Exists matches all), operator (Equal compares values), effect (empty matches all). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  return (t.operator ?? 'Equal') === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** The first taint that passes the filter and no toleration tolerates, if any. */
export function untoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !(tolerations ?? []).some((t) => tolerates(t, taint)));
}
