// Which webhooks a request reaches (upstream admission/plugin/webhook/predicates and generic.ShouldCallHook):
// rules (operation, group, version, resource/subresource, scope), matchPolicy Equivalent (an equivalent resource
// in another group/version), namespaceSelector (the namespace's labels; a Namespace's own) and objectSelector
// (the new or the old object's labels). The webhook configurations themselves are never sent to webhooks.
import type { MutatingWebhook, RuleWithOperations as TypesRuleWithOperations, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { fromLabelSelectorObject, isEverything, matchesLabels, type KubeObject } from '../../meta/index.js';

/** A rule with the fields kubernetes-types leaves out of RuleWithOperations (upstream embeds Rule inline). */
export type RuleWithOperations = TypesRuleWithOperations & { resources?: string[]; scope?: string };

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** A resource the request could be expressed in, with its kind (the request's own resource comes first). */
export interface EquivalentResource extends GroupVersionResource {
  readonly kind: string;
}

/** What the rules look at. `namespace` is a Namespace's own name for requests on namespaces, as upstream. */
export interface RuleAttributes {
  readonly operation: Operation;
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  readonly namespace: string;
}

const isNamespaceResource = (r: GroupVersionResource): boolean => r.group === '' && r.version === 'v1' && r.resource === 'namespaces';

function scopeMatches(scope: string | undefined, a: RuleAttributes): boolean {
  switch (scope ?? '*') {
    case '*':
      return true;
    case 'Namespaced':
      return !isNamespaceResource(a.resource) && a.namespace !== '';
    case 'Cluster':
      return isNamespaceResource(a.resource) || a.namespace === '';
    default:
      return false;
  }
}

const listMatches = (xs: readonly string[] | undefined, v: string): boolean => (xs ?? []).some((x) => x === '*' || x === v);

function resourceMatches(resources: readonly string[] | undefined, a: RuleAttributes): boolean {
  return (resources ?? []).some((r) => {
    const slash = r.indexOf('/');
    const res = slash < 0 ? r : r.slice(0, slash);
    const sub = slash < 0 ? '' : r.slice(slash + 1);
    return (res === '*' || res === a.resource.resource) && (sub === '*' || sub === a.subresource);
  });
}

/** upstream rules.Matcher.Matches. */
export function ruleMatches(rule: RuleWithOperations, a: RuleAttributes): boolean {
  return scopeMatches(rule.scope, a) && listMatches(rule.operations, a.operation) && listMatches(rule.apiGroups, a.resource.group)
    && listMatches(rule.apiVersions, a.resource.version) && resourceMatches(rule.resources, a);
}

/**
 * The resource a webhook is invoked with: the request's own when a rule matches it, else (matchPolicy Equivalent)
 * the first equivalent resource that some rule matches, earlier rules first; undefined when none matches.
 */
export function invocationResource(hook: Pick<ValidatingWebhook, 'rules' | 'matchPolicy'>, a: RuleAttributes, equivalents: readonly EquivalentResource[]): GroupVersionResource | EquivalentResource | undefined {
  const rules: readonly RuleWithOperations[] = hook.rules ?? [];
  if (rules.some((r) => ruleMatches(r, a))) return a.resource;
  if ((hook.matchPolicy ?? 'Equivalent') !== 'Equivalent') return undefined;
  for (const r of rules) {
    for (const eq of equivalents) {
      if (eq.group === a.resource.group && eq.version === a.resource.version && eq.resource === a.resource.resource) continue;
      if (ruleMatches(r, { ...a, resource: eq })) return eq;
    }
  }
  return undefined;
}

/** upstream IsExemptAdmissionConfigurationResource: admission configuration is never sent to webhooks. */
export function isExemptConfigurationResource(r: GroupVersionResource): boolean {
  return r.group === 'admissionregistration.k8s.io' && ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'].includes(r.resource);
}

const labelsOf = (o: KubeObject | undefined): Record<string, string> | undefined => (o?.metadata as { labels?: Record<string, string> } | undefined)?.labels;

/** upstream object.Matcher: an empty selector matches everything; else the new or the old object's labels must match. */
export function objectSelectorMatches(selector: LabelSelector | undefined, object: KubeObject | undefined, oldObject: KubeObject | undefined): boolean {
  const sel = fromLabelSelectorObject(selector ?? {});
  if (isEverything(sel)) return true;
  return (object !== undefined && matchesLabels(sel, labelsOf(object) ?? {})) || (oldObject !== undefined && matchesLabels(sel, labelsOf(oldObject) ?? {}));
}

/** The namespace the selector is checked against: none for cluster-scoped resources other than namespaces. */
export type NamespaceLabels = { readonly kind: 'clusterScoped' } | { readonly kind: 'labels'; readonly labels: Readonly<Record<string, string>> } | { readonly kind: 'notFound' };

/** upstream namespace.Matcher: cluster-scoped requests (not on namespaces) always match; an empty selector matches. */
export function namespaceSelectorDecision(selector: LabelSelector | undefined, ns: NamespaceLabels): 'match' | 'skip' | 'namespaceNotFound' {
  if (ns.kind === 'clusterScoped') return 'match';
  const sel = fromLabelSelectorObject(selector ?? {});
  if (isEverything(sel)) return 'match';
  if (ns.kind === 'notFound') return 'namespaceNotFound';
  return matchesLabels(sel, ns.labels) ? 'match' : 'skip';
}

export type AnyWebhook = ValidatingWebhook | MutatingWebhook;
