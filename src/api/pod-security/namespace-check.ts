// The warnings for a namespace whose enforce level is tightened (upstream EvaluatePodsInNamespace): its existing
// pods checked against the new level, identical violations grouped under the lexically first pod's name.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { evaluatePod, forbiddenReason } from './evaluate.js';
import { levelVersionString, type LevelVersion } from './policy.js';

/** Upstream's default cap on pods checked per namespace update. */
export const maxPodsToCheck = 3000;

export function existingPodWarnings(namespace: string, enforce: LevelVersion, pods: readonly Pod[]): string[] {
  const checked = pods.slice(0, maxPodsToCheck);
  const groups = new Map<string, { first: string; count: number }>();
  for (const pod of checked) {
    const e = evaluatePod(enforce, pod.metadata ?? {}, pod.spec ?? { containers: [] });
    if (e.allowed) continue;
    const reason = forbiddenReason(e);
    const name = pod.metadata?.name ?? '';
    const g = groups.get(reason);
    if (!g) groups.set(reason, { first: name, count: 1 });
    else { g.count++; if (name < g.first) g.first = name; }
  }
  const out: string[] = [];
  if (checked.length < pods.length) out.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${pods.length} existing pods`);
  if (groups.size) out.push(`existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelVersionString(enforce)}"`);
  const perPod = [...groups].map(([reason, g]) => {
    const who = g.count === 1 ? g.first : g.count === 2 ? `${g.first} (and 1 other pod)` : `${g.first} (and ${g.count - 1} other pods)`;
    return `${who}: ${reason}`;
  });
  return [...out, ...perPod.sort()];
}
