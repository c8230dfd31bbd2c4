// The quota evaluator contract (upstream quota.Evaluator): which requests a kind's evaluator handles, which quota
// resources it measures, whether an object falls under a quota's scopes, and how much the object uses.
import type { KubeObject } from '../meta/kind-rules.js';
import { matchesLabels, type LabelOperator } from '../meta/labels.js';
import type { ResourceList } from './resource-list.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** One scope requirement of a quota: spec.scopes entries become `Exists` requirements. */
export interface ScopeRequirement {
  readonly scopeName: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface QuotaEvaluator {
  readonly group: string;
  readonly resource: string;
  /** Whether a request of this kind can change quota usage at all. */
  handles(op: AdmissionOperation, subresource: string, obj: KubeObject, old: KubeObject | undefined): boolean;
  /** The subset of names (a quota's hard resources) this evaluator measures. */
  matchingResources(names: readonly string[]): string[];
  matchesScope(req: ScopeRequirement, obj: KubeObject): boolean;
  /** The "must specify ..." text when obj lacks something a tracked resource requires, else undefined. */
  constraints(required: readonly string[], obj: KubeObject): string | undefined;
  /** What obj uses, at time nowMs (pods stop counting once terminal or past their deletion grace period). */
  usage(obj: KubeObject, nowMs: number): ResourceList;
}

/** The generic count resource of a kind: `count/pods`, `count/deployments.apps`. */
export const objectCountName = (group: string, resource: string): string => (group ? `count/${resource}.${group}` : `count/${resource}`);

/** The group and resource a `count/<resource>[.<group>]` name counts, or undefined for other names. */
export function parseObjectCountName(name: string): { group: string; resource: string } | undefined {
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  if (rest === '' || dot === 0) return undefined;
  return dot < 0 ? { group: '', resource: rest } : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
}

/** A quota's scope requirements: spec.scopes as Exists, then spec.scopeSelector.matchExpressions. */
export function quotaScopes(quota: KubeObject): ScopeRequirement[] {
  const spec = (quota['spec'] ?? {}) as { scopes?: string[]; scopeSelector?: { matchExpressions?: { scopeName?: string; operator?: string; values?: string[] }[] } };
  return [
    ...(spec.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' })),
    ...(spec.scopeSelector?.matchExpressions ?? []).map((e) => ({ scopeName: e.scopeName ?? '', operator: e.operator ?? '', ...(e.values ? { values: e.values } : {}) })),
  ];
}

const operators: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * A scope requirement evaluated as a label selector over `{ <scopeName>: value }` (upstream
 * ScopedResourceSelectorRequirementsAsSelector): value undefined means the object has no such attribute.
 */
export function scopeSelectorMatches(req: ScopeRequirement, value: string | undefined): boolean {
  const operator = operators[req.operator];
  if (!operator) return false;
  return matchesLabels({ requirements: [{ key: req.scopeName, operator, values: req.values ?? [] }] }, value === undefined ? {} : { [req.scopeName]: value });
}

/** Upstream generic.Matches: the quota tracks something the evaluator measures and every scope matches. */
export function quotaMatches(evaluator: QuotaEvaluator, hardNames: readonly string[], scopes: readonly ScopeRequirement[], obj: KubeObject): boolean {
  if (evaluator.matchingResources(hardNames).length === 0) return false;
  return scopes.every((s) => evaluator.matchesScope(s, obj));
}
