// The eviction subresource's budget rules (upstream EvictionREST): which budget guards a pod, when the budget can
// be ignored, and the check-and-decrement of disruptionsAllowed with upstream's 429 and 403 answers. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { ApiError, forbidden } from '../../errors.js';
import { fromLabelSelectorObject, matchesLabels, type LabelSelectorObject } from '../../meta/labels.js';
import { isPodReady } from '../../core/v1/pod-readiness.js';
import { withDisruptionAllowedCondition } from './disruption.js';

/** Upstream MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet, at most. */
export const maxDisruptedPods = 2000;

export const evictionBlockedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Terminal, pending and already-terminating pods are deleted without consulting budgets (upstream canIgnorePDB). */
export function canIgnoreBudgets(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata?.deletionTimestamp);
}

/** The budgets in the pod's namespace whose selector matches it; in policy/v1 an empty selector matches every pod. */
export function budgetsForPod(pdbs: readonly PodDisruptionBudget[], pod: Pod): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => {
    if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
    try {
      return matchesLabels(fromLabelSelectorObject(pdb.spec?.selector as LabelSelectorObject | undefined), pod.metadata?.labels);
    } catch {
      // An invalid selector matches nothing.
      return false;
    }
  });
}

/**
 * An unready pod does not count as healthy, so deleting it costs the budget nothing: always under AlwaysAllow,
 * and under IfHealthyBudget (the default) while the budget has its desired healthy pods.
 */
export function canEvictUnhealthy(pod: Pod, pdb: PodDisruptionBudget): boolean {
  if (isPodReady(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const st = pdb.status;
  return (st?.currentHealthy ?? 0) >= (st?.desiredHealthy ?? 0) && (st?.desiredHealthy ?? 0) > 0;
}

function tooManyRequests(cause: string, retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'TooManyRequests', evictionBlockedMessage, { causes: [{ reason: 'DisruptionBudget', message: cause }], ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
}

/** A 429 for a budget whose status is behind its spec, or an eviction raced by a readiness change. */
export const budgetNotProcessed = (name: string): ApiError => tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);

/**
 * Upstream checkAndDecrement: the budget's status after one more disruption of podName, or the error that forbids
 * it. With dryRun the pod is not recorded as disrupted.
 */
export function checkAndDecrement(pdb: PodDisruptionBudget, podName: string, options: { now: string; dryRun: boolean }): PodDisruptionBudgetStatus | ApiError {
  const name = pdb.metadata?.name ?? '';
  const st = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
  if ((st.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return budgetNotProcessed(name);
  if (st.disruptionsAllowed < 0) return forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, name, 'pdb disruptions allowed is negative');
  if (Object.keys(st.disruptedPods ?? {}).length > maxDisruptedPods) {
    return forbidden({ group: 'policy', resource: 'poddisruptionbudget' }, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (st.disruptionsAllowed === 0) return tooManyRequests(`The disruption budget ${name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`, 0);
  let next: PodDisruptionBudgetStatus = { ...st, disruptionsAllowed: st.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, options.now);
  if (options.dryRun) return next;
  return { ...next, disruptedPods: { ...st.disruptedPods, [podName]: options.now } };
}
