// The RBAC authorizer (upstream plugin/pkg/auth/authorizer/rbac) over the server's own watch caches of
// Roles, ClusterRoles, RoleBindings and ClusterRoleBindings. Bindings are indexed by subject (user, group,
// service account) and rebuilt only when one of the four caches has moved, so a request costs a few map
// lookups however many bindings exist.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { rbac, type KubeObject } from '../../api/index.js';
import { noOpinion, type Attributes, type Authorizer, type Decision } from './authorizer.js';

/** Read access to one resource's watch cache: its objects and a number that changes when they do. */
export interface CachedObjects {
  readonly resourceVersion: number;
  list(): readonly KubeObject[];
}

export interface RbacSources {
  roles: CachedObjects;
  clusterRoles: CachedObjects;
  roleBindings: CachedObjects;
  clusterRoleBindings: CachedObjects;
}

const subjectKeys = (s: Subject, bindingNamespace: string): string[] => {
  switch (s.kind) {
    case 'User': return [`u:${s.name}`];
    case 'Group': return [`g:${s.name}`];
    case 'ServiceAccount': return [`u:${rbac.serviceAccountPrefix}${s.namespace || bindingNamespace}:${s.name}`];
    default: return [];
  }
};
const userKeys = (u: rbac.RbacUser): string[] => [`u:${u.name}`, ...u.groups.map((g) => `g:${g}`)];

interface Grant {
  readonly rules: readonly PolicyRule[];
  describe(): string;
}
const grant = (rules: readonly PolicyRule[], describe: () => string): Grant => ({ rules, describe });

class Index implements rbac.RbacObjects {
  readonly #clusterRoles = new Map<string, ClusterRole>();
  readonly #roles = new Map<string, Role>();
  readonly #crbs = new Map<string, ClusterRoleBinding[]>();
  /** namespace → subject key → bindings */
  readonly #rbs = new Map<string, Map<string, RoleBinding[]>>();
  /** The same bindings with their roles' rules resolved (the per-request path): subject key → grants. */
  readonly #clusterGrants = new Map<string, Grant[]>();
  readonly #namespaceGrants = new Map<string, Map<string, Grant[]>>();

  constructor(src: RbacSources) {
    for (const o of src.clusterRoles.list()) this.#clusterRoles.set(String(o.metadata?.['name'] ?? ''), o as ClusterRole);
    for (const o of src.roles.list()) this.#roles.set(`${String(o.metadata?.['namespace'] ?? '')}/${String(o.metadata?.['name'] ?? '')}`, o as Role);
    for (const o of src.clusterRoleBindings.list()) {
      const b = o as unknown as ClusterRoleBinding;
      for (const s of b.subjects ?? []) for (const k of subjectKeys(s, '')) push(this.#crbs, k, b);
      const rules = b.roleRef.kind === 'ClusterRole' ? this.#clusterRoles.get(b.roleRef.name)?.rules : undefined;
      if (rules?.length) for (const s of b.subjects ?? []) for (const k of subjectKeys(s, '')) push(this.#clusterGrants, k, grant(rules, () => `ClusterRoleBinding "${b.metadata?.name}" of ClusterRole "${b.roleRef.name}" to ${rbac.describeSubject(s, '')}`));
    }
    for (const o of src.roleBindings.list()) {
      const b = o as unknown as RoleBinding;
      const ns = b.metadata?.namespace ?? '';
      let m = this.#rbs.get(ns);
      if (!m) this.#rbs.set(ns, (m = new Map()));
      for (const s of b.subjects ?? []) for (const k of subjectKeys(s, ns)) push(m, k, b);
      const rules = b.roleRef.kind === 'ClusterRole' ? this.#clusterRoles.get(b.roleRef.name)?.rules : b.roleRef.kind === 'Role' ? this.#roles.get(`${ns}/${b.roleRef.name}`)?.rules : undefined;
      if (!rules?.length) continue;
      let g = this.#namespaceGrants.get(ns);
      if (!g) this.#namespaceGrants.set(ns, (g = new Map()));
      for (const s of b.subjects ?? []) for (const k of subjectKeys(s, ns)) push(g, k, grant(rules, () => `RoleBinding "${b.metadata?.name}/${ns}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${rbac.describeSubject(s, ns)}`));
    }
  }

  /** The grant that allows the request, described as upstream's reason; the same answer as rbac.allowedBy. */
  allowedBy(a: Attributes): string | undefined {
    const keys = userKeys(a.user);
    const namespaced = a.namespace ? this.#namespaceGrants.get(a.namespace) : undefined;
    for (const grants of [this.#clusterGrants, namespaced]) {
      if (!grants) continue;
      for (const k of keys) {
        for (const g of grants.get(k) ?? []) {
          for (const r of g.rules) if (rbac.ruleAllows(r, a)) return g.describe();
        }
      }
    }
    return undefined;
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.#clusterRoles.get(name);
  }
  role(namespace: string, name: string): Role | undefined {
    return this.#roles.get(`${namespace}/${name}`);
  }
  clusterRoleBindings(user: rbac.RbacUser): Iterable<ClusterRoleBinding> {
    return unique(userKeys(user).flatMap((k) => this.#crbs.get(k) ?? []));
  }
  roleBindings(namespace: string, user: rbac.RbacUser): Iterable<RoleBinding> {
    const m = this.#rbs.get(namespace);
    return m ? unique(userKeys(user).flatMap((k) => m.get(k) ?? [])) : [];
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
const unique = <T>(list: T[]): T[] => (list.length < 2 ? list : [...new Set(list)]);

export class RbacAuthorizer implements Authorizer {
  readonly #src: RbacSources;
  #index: Index | undefined;
  #version = '';

  constructor(sources: RbacSources) {
    this.#src = sources;
  }

  /** The current index of the caches (rebuilt when any of them changed since the last request). */
  objects(): rbac.RbacObjects {
    return this.#current();
  }

  #current(): Index {
    const s = this.#src;
    const version = `${s.roles.resourceVersion}/${s.clusterRoles.resourceVersion}/${s.roleBindings.resourceVersion}/${s.clusterRoleBindings.resourceVersion}`;
    if (!this.#index || version !== this.#version) {
      this.#index = new Index(s);
      this.#version = version;
    }
    return this.#index;
  }

  authorize(a: Attributes): Decision {
    const by = this.#current().allowedBy(a);
    return by ? { kind: 'allow', reason: `RBAC: allowed by ${by}` } : noOpinion;
  }
}
