// RBAC decisions over plain data (upstream plugin/pkg/auth/authorizer/rbac and its validation helpers): which
// bindings apply to a user, whether a rule allows a request, and whether one set of rules covers another
// (escalation prevention). Pure: roles and bindings come in, answers go out.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';

/** Who asks (authenticated, after impersonation). */
export interface RbacUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/** What is asked (upstream authorizer.Attributes). Non-resource requests carry a path and an HTTP-ish verb. */
export interface RequestAttributes {
  readonly user: RbacUser;
  readonly verb: string;
  readonly resourceRequest: boolean;
  readonly path: string;
  readonly namespace: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

export const serviceAccountPrefix = 'system:serviceaccount:';

/** upstream appliesTo: a subject names the user, one of its groups, or its service account. */
export function subjectMatches(s: Subject, user: RbacUser, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.name;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': return user.name === `${serviceAccountPrefix}${s.namespace || bindingNamespace}:${s.name}`;
    default: return false;
  }
}

const has = (list: readonly string[] | undefined, v: string): boolean => (list ?? []).includes('*') || (list ?? []).includes(v);

// upstream ResourceMatches: `resource`, `resource/sub`, `*`, `*` + `/sub` (any resource's sub), `resource/*`.
function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (!subresource) continue;
    if (r === `*/${subresource}` || r === `${resource}/*`) return true;
  }
  return false;
}

/** upstream NonResourceURLMatches: exact, `*`, or a prefix ending in `*`. */
function urlMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** upstream RuleAllows. */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path);
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}

/** The roles and bindings of the cluster, by name (Roles and RoleBindings by namespace). */
export interface RbacObjects {
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
  /** ClusterRoleBindings that may apply to the user (an index may narrow them; extra ones are filtered). */
  clusterRoleBindings(user: RbacUser): Iterable<ClusterRoleBinding>;
  /** RoleBindings of the namespace that may apply to the user. */
  roleBindings(namespace: string, user: RbacUser): Iterable<RoleBinding>;
}

export interface RuleSource {
  /** "ClusterRoleBinding/x of ClusterRole/y", "RoleBinding/ns/x of Role/y": upstream's allow reasons. */
  readonly describe: string;
  readonly rules: readonly PolicyRule[];
}

function rulesOfRef(objects: RbacObjects, ref: { kind: string; name: string }, namespace: string): readonly PolicyRule[] | undefined {
  if (ref.kind === 'ClusterRole') return objects.clusterRole(ref.name)?.rules ?? undefined;
  if (ref.kind === 'Role') return objects.role(namespace, ref.name)?.rules ?? undefined;
  return undefined;
}

/**
 * Every rule the user holds in the namespace ('' = cluster scope only), with where it comes from (upstream
 * VisitRulesFor): ClusterRoleBindings first, then the namespace's RoleBindings.
 */
export function* rulesFor(objects: RbacObjects, user: RbacUser, namespace: string): Generator<RuleSource> {
  for (const b of objects.clusterRoleBindings(user)) {
    const s = (b.subjects ?? []).find((x) => subjectMatches(x, user, ''));
    if (!s) continue;
    const rules = rulesOfRef(objects, b.roleRef, '');
    if (rules) yield { describe: `ClusterRoleBinding "${b.metadata?.name}" of ClusterRole "${b.roleRef.name}" to ${describeSubject(s, '')}`, rules };
  }
  if (!namespace) return;
  for (const b of objects.roleBindings(namespace, user)) {
    const s = (b.subjects ?? []).find((x) => subjectMatches(x, user, namespace));
    if (!s) continue;
    const rules = rulesOfRef(objects, b.roleRef, namespace);
    if (rules) yield { describe: `RoleBinding "${b.metadata?.name}/${namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, namespace)}`, rules };
  }
}

/** upstream describeSubject: a service account as "name/namespace". */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount "${s.name}/${s.namespace || bindingNamespace}"` : `${s.kind} "${s.name}"`;
}

/** The RBAC decision: the source that allows it, or undefined (no opinion: RBAC never denies outright). */
export function allowedBy(objects: RbacObjects, a: RequestAttributes): string | undefined {
  for (const src of rulesFor(objects, a.user, a.namespace)) {
    if (src.rules.some((r) => ruleAllows(r, a))) return src.describe;
  }
  return undefined;
}

/**
 * upstream Covers: whether `owner` rules allow everything `requested` allows (escalation prevention). Each
 * requested rule is broken into single verb/group/resource/name (or URL) requests, each of which some owner
 * rule must allow; a `*` in a requested rule must be held as `*`.
 */
export function covers(owner: readonly PolicyRule[], requested: readonly PolicyRule[]): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered: PolicyRule[] = [];
  for (const rule of requested) {
    for (const part of breakdown(rule)) {
      if (!owner.some((o) => ruleCovers(o, part))) uncovered.push(part);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}

/** upstream BreakdownRule: one rule per group, resource, verb (and name), then per URL and verb. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of rule.apiGroups ?? []) {
    for (const r of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const n of names) out.push({ verbs: [verb], apiGroups: [g], resources: [r], ...(n !== undefined ? { resourceNames: [n] } : {}) });
      }
    }
  }
  for (const u of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ verbs: [verb], nonResourceURLs: [u] });
  return out;
}

/** Whether one owner rule covers one single-valued requested rule. */
function ruleCovers(owner: PolicyRule, part: PolicyRule): boolean {
  const verb = part.verbs[0] ?? '';
  if (!has(owner.verbs, verb)) return false;
  if (part.nonResourceURLs?.length) {
    const u = part.nonResourceURLs[0] ?? '';
    return (owner.nonResourceURLs ?? []).some((o) => o === '*' || o === u || (o.endsWith('*') && u.startsWith(o.slice(0, -1))));
  }
  const group = part.apiGroups?.[0] ?? '';
  const resource = part.resources?.[0] ?? '';
  if (!has(owner.apiGroups, group)) return false;
  const [res, sub] = resource.includes('/') ? resource.split('/', 2) as [string, string] : [resource, ''];
  const resOk = (owner.resources ?? []).some((o) => o === '*' || o === resource || (sub !== '' && (o === `${res}/*` || (o === `*/${sub}` && res !== '*'))));
  if (!resOk) return false;
  const ownerNames = owner.resourceNames ?? [];
  if (ownerNames.length === 0) return true;
  const name = part.resourceNames?.[0];
  return name !== undefined && ownerNames.includes(name);
}
