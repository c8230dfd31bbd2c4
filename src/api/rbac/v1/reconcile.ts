// Reconciling a bootstrap role or binding with what is stored (upstream's `kubectl auth reconcile` rules, as the
// apiserver's RBAC bootstrap applies them at start): missing objects are created; an existing one keeps what
// users added but gets back what the default holds, unless annotated autoupdate=false. Pure.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from 'kubernetes-types/rbac/v1.js';
import { autoupdateAnnotation } from './bootstrap-policy.js';
import { covers } from './authorization.js';

export type ReconcileAction<T> = { readonly kind: 'none' } | { readonly kind: 'create'; readonly object: T } | { readonly kind: 'update'; readonly object: T };

const merged = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): Record<string, string> => ({ ...(a ?? {}), ...(b ?? {}) });
const sameMap = (a: Record<string, string> | undefined, b: Record<string, string>): boolean => JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

export function reconcileClusterRole(desired: ClusterRole, live: ClusterRole | undefined): ReconcileAction<ClusterRole> {
  if (!live) return { kind: 'create', object: desired };
  if (live.metadata?.annotations?.[autoupdateAnnotation] === 'false') return { kind: 'none' };
  const labels = merged(live.metadata?.labels, desired.metadata?.labels);
  const annotations = merged(live.metadata?.annotations, desired.metadata?.annotations);
  // Aggregated roles get their rules from the aggregation controller: only the rule selectors are reconciled.
  const missing: PolicyRule[] = desired.aggregationRule ? [] : (desired.rules ?? []).filter((r) => !covers(live.rules ?? [], [r]).covered);
  const aggregationChanged = desired.aggregationRule !== undefined && JSON.stringify(live.aggregationRule ?? null) !== JSON.stringify(desired.aggregationRule);
  if (!missing.length && !aggregationChanged && sameMap(live.metadata?.labels, labels) && sameMap(live.metadata?.annotations, annotations)) return { kind: 'none' };
  return {
    kind: 'update',
    object: {
      ...live, metadata: { ...live.metadata, labels, annotations },
      ...(desired.aggregationRule ? { aggregationRule: desired.aggregationRule } : {}),
      rules: [...(live.rules ?? []), ...missing],
    },
  };
}

const subjectKey = (s: Subject): string => `${s.kind}/${s.namespace ?? ''}/${s.name}`;

/**
 * A binding whose roleRef changed cannot be updated (roleRef is immutable): the caller deletes and recreates it
 * ('create' with a live object present means exactly that).
 */
export function reconcileClusterRoleBinding(desired: ClusterRoleBinding, live: ClusterRoleBinding | undefined, retired: readonly { kind: string; name: string }[] = []): ReconcileAction<ClusterRoleBinding> {
  if (!live) return { kind: 'create', object: desired };
  if (live.metadata?.annotations?.[autoupdateAnnotation] === 'false') return { kind: 'none' };
  if (live.roleRef.kind !== desired.roleRef.kind || live.roleRef.name !== desired.roleRef.name) return { kind: 'create', object: desired };
  const gone = new Set(retired.map((s) => `${s.kind}/${s.name}`));
  const kept = (live.subjects ?? []).filter((s) => !gone.has(`${s.kind}/${s.name}`));
  const have = new Set(kept.map(subjectKey));
  const missing = (desired.subjects ?? []).filter((s) => !have.has(subjectKey(s)));
  const labels = merged(live.metadata?.labels, desired.metadata?.labels);
  const annotations = merged(live.metadata?.annotations, desired.metadata?.annotations);
  if (!missing.length && kept.length === (live.subjects ?? []).length && sameMap(live.metadata?.labels, labels) && sameMap(live.metadata?.annotations, annotations)) return { kind: 'none' };
  return { kind: 'update', object: { ...live, metadata: { ...live.metadata, labels, annotations }, subjects: [...kept, ...missing] } };
}
