// RBAC escalation prevention (upstream pkg/registry/rbac/*/policybased): nobody grants permissions they do not
// hold. Writing a Role or ClusterRole needs every rule in it to be held already (in that namespace, or cluster-wide),
// or the `escalate` verb on it; an aggregationRule needs cluster-admin's authority. Writing a binding needs the
// bound role's rules, or the `bind` verb on that role. Members of system:masters are never checked.
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { forbidden, rbac, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Authorizer } from '../auth/authorizer.js';
import type { UserInfo } from '../registry/context.js';
import type { Admission } from '../registry/generic-store.js';

const group = 'rbac.authorization.k8s.io';
const everything: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

export interface EscalationSources {
  readonly authorizer: Authorizer;
  objects(): rbac.RbacObjects;
}

/** upstream CompactString of a rule: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`. */
export function compactRule(r: PolicyRule): string {
  const q = (l: readonly string[]): string => `[${l.map((x) => JSON.stringify(x)).join(' ')}]`;
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${q(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** upstream CompactRules: single-group, single-resource rules without names merge their verbs. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = r.apiGroups?.length === 1 && r.resources?.length === 1 && !r.resourceNames?.length && !r.nonResourceURLs?.length;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0]]);
    const known = simple.get(key);
    if (known) {
      for (const v of r.verbs) if (!known.verbs.includes(v)) known.verbs.push(v);
    } else {
      const merged = { verbs: [...r.verbs], apiGroups: [...r.apiGroups!], resources: [...r.resources!] };
      simple.set(key, merged);
      out.push(merged);
    }
  }
  return out;
}

/** upstream ConfirmNoEscalation's message for the rules the user lacks (compacted, sorted, unique). */
export function escalationMessage(user: UserInfo, missing: readonly PolicyRule[]): string {
  const lines = [...new Set(compactRules(missing).map(compactRule))].sort();
  return `user ${JSON.stringify(user.name)} (groups=[${user.groups.map((g) => JSON.stringify(g)).join(' ')}]) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
}

const isMaster = (u: UserInfo): boolean => u.groups.includes('system:masters');
const nameOf = (o: KubeObject): string => String((o.metadata as { name?: string } | undefined)?.name ?? '');
const nsOf = (o: KubeObject): string => String((o.metadata as { namespace?: string } | undefined)?.namespace ?? '');

export function rbacEscalationAdmission(src: EscalationSources): Admission {
  const allowedVerb = (user: UserInfo, verb: 'escalate' | 'bind', resource: string, namespace: string, name: string): boolean =>
    src.authorizer.authorize({ user, verb, resourceRequest: true, path: '', namespace, apiGroup: group, resource, subresource: '', name }).kind === 'allow';
  const held = (user: UserInfo, namespace: string): PolicyRule[] => [...rbac.rulesFor(src.objects(), user, namespace)].flatMap((s) => [...s.rules]);
  const confirm = (desc: ResourceDescriptor, name: string, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): void => {
    const { covered, uncovered } = rbac.covers(held(user, namespace), rules);
    if (!covered) throw forbidden({ group, resource: desc.plural }, name, escalationMessage(user, uncovered));
  };
  return {
    admit(op, desc, obj, _old, attrs) {
      if (op === 'DELETE' || desc.group !== group || !attrs || attrs.subresource !== '') return;
      const user = attrs.ctx.user;
      if (isMaster(user)) return;
      const name = nameOf(obj);
      const namespace = nsOf(obj);
      switch (desc.kind) {
        case 'Role':
        case 'ClusterRole': {
          if (allowedVerb(user, 'escalate', desc.plural, namespace, name)) return;
          const aggregated = desc.kind === 'ClusterRole' && (obj['aggregationRule'] != null || (_old?.['aggregationRule'] ?? null) != null);
          if (aggregated) {
            if (!rbac.covers(held(user, ''), everything).covered) throw forbidden({ group, resource: desc.plural }, name, 'must have cluster-admin privileges to use an aggregationRule');
            return;
          }
          confirm(desc, name, user, namespace, (obj['rules'] ?? []) as PolicyRule[]);
          return;
        }
        case 'RoleBinding':
        case 'ClusterRoleBinding': {
          const ref = (obj['roleRef'] ?? {}) as { kind?: string; name?: string };
          const refName = ref.name ?? '';
          const refResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
          if (allowedVerb(user, 'bind', refResource, namespace, refName)) return;
          const objects = src.objects();
          const role = ref.kind === 'Role' ? objects.role(namespace, refName) : ref.kind === 'ClusterRole' ? objects.clusterRole(refName) : undefined;
          if (!role) throw forbidden({ group, resource: desc.plural }, name, `${ref.kind === 'Role' ? 'role' : 'clusterrole'}.${group} "${refName}" not found`);
          confirm(desc, name, user, namespace, role.rules ?? []);
          return;
        }
        default:
      }
    },
  };
}
