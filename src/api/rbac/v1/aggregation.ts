// ClusterRole aggregation (upstream clusterrole-aggregation controller): a ClusterRole with an aggregationRule
// holds the union of the rules of every other ClusterRole its selectors match, in the order of their names,
// each rule once. Pure.
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { fromLabelSelectorObject, matchesLabels } from '../../meta/index.js';

/** The rules `role` should hold, or undefined when it does not aggregate. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const parsed = selectors.map((s) => fromLabelSelectorObject(s));
  const sources = all
    .filter((r) => r.metadata?.name !== role.metadata?.name && parsed.some((sel) => matchesLabels(sel, r.metadata?.labels)))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const seen = new Set<string>();
  const out: PolicyRule[] = [];
  for (const r of sources) {
    for (const rule of r.rules ?? []) {
      const key = JSON.stringify(rule);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(rule);
    }
  }
  return out;
}
