// Which evaluator measures a kind, and which evaluators a quota's hard resources need (upstream quota registry
// plus the quota controller's monitors for count/<resource>.<group>).
import { parseObjectCountName, type QuotaEvaluator } from './evaluator.js';
import { legacyCountAliases, objectCountEvaluator, persistentVolumeClaimEvaluator, serviceEvaluator } from './evaluators.js';
import { podEvaluator } from './pod-evaluator.js';

const special: readonly QuotaEvaluator[] = [podEvaluator, serviceEvaluator, persistentVolumeClaimEvaluator];

/** The evaluator of group/resource: pods, services and claims have their own, every other kind is counted. */
export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  return special.find((e) => e.group === group && e.resource === resource) ?? objectCountEvaluator(group, resource);
}

/** The evaluators that measure some of hardNames, each with the names it measures. */
export function evaluatorsForQuota(hardNames: readonly string[]): { evaluator: QuotaEvaluator; names: string[] }[] {
  const kinds = new Map<string, { group: string; resource: string }>();
  for (const e of special) kinds.set(`${e.group}/${e.resource}`, e);
  for (const n of hardNames) {
    const gr = parseObjectCountName(n) ?? (legacyCountAliases[n] ? { group: '', resource: n } : undefined);
    if (gr) kinds.set(`${gr.group}/${gr.resource}`, gr);
  }
  const out: { evaluator: QuotaEvaluator; names: string[] }[] = [];
  for (const gr of kinds.values()) {
    const evaluator = evaluatorFor(gr.group, gr.resource);
    const names = evaluator.matchingResources(hardNames);
    if (names.length) out.push({ evaluator, names });
  }
  return out;
}
