// Which requests a ValidatingAdmissionPolicy's matchConstraints (and a binding's matchResources) select
// (upstream admission/plugin/policy/matching): namespace and object selectors, excludeResourceRules, then
// resourceRules with their resourceNames; matchPolicy Equivalent also tries the equivalent resources. A
// binding without matchResources selects whatever its policy does; one without resourceRules, every resource.
import type { MatchResources, NamedRuleWithOperations } from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../../meta/index.js';
import {
  namespaceSelectorDecision, objectSelectorMatches, ruleMatches,
  type EquivalentResource, type GroupVersionResource, type NamespaceLabels, type RuleAttributes,
} from './matching.js';

export interface MatchRequest extends RuleAttributes {
  /** The object's name (empty for a create with generateName). */
  readonly name: string;
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
  readonly namespaceLabels: NamespaceLabels;
  /** The resources this one can also be expressed in, with their kinds. */
  readonly equivalents: readonly EquivalentResource[];
}

export type MatchResult = { readonly matches: false } | { readonly matches: true; readonly resource: GroupVersionResource };

function namedRuleMatches(rule: NamedRuleWithOperations, a: RuleAttributes, name: string): boolean {
  if (!ruleMatches(rule, a)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

const sameResource = (x: GroupVersionResource, y: GroupVersionResource): boolean => x.group === y.group && x.version === y.version && x.resource === y.resource;

/** upstream matchesResourceRules: the request's own resource, else (Equivalent) an equivalent one. */
function matchingResource(rules: readonly NamedRuleWithOperations[], matchPolicy: string | undefined, r: MatchRequest): GroupVersionResource | undefined {
  if (rules.some((rule) => namedRuleMatches(rule, r, r.name))) return r.resource;
  if ((matchPolicy ?? 'Equivalent') !== 'Equivalent') return undefined;
  for (const rule of rules) {
    for (const eq of r.equivalents) {
      if (sameResource(eq, r.resource)) continue;
      if (namedRuleMatches(rule, { ...r, resource: eq }, r.name)) return eq;
    }
  }
  return undefined;
}

/** upstream Matcher.Matches for matchConstraints or a binding's matchResources (absent: everything). */
export function matchResources(mr: MatchResources | undefined, r: MatchRequest): MatchResult {
  if (mr === undefined || mr === null) return { matches: true, resource: r.resource };
  if (namespaceSelectorDecision(mr.namespaceSelector, r.namespaceLabels) === 'skip') return { matches: false };
  if (!objectSelectorMatches(mr.objectSelector, r.object, r.oldObject)) return { matches: false };
  if (matchingResource(mr.excludeResourceRules ?? [], mr.matchPolicy, r) !== undefined) return { matches: false };
  const rules = mr.resourceRules ?? [];
  if (rules.length === 0) return { matches: true, resource: r.resource };
  const resource = matchingResource(rules, mr.matchPolicy, r);
  return resource === undefined ? { matches: false } : { matches: true, resource };
}
