import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { lookupResource, rbac, ApiError, type KubeObject } from '../../api/index.js';
import type { UserInfo } from '../registry/context.js';
import { noOpinion, type Authorizer } from '../auth/authorizer.js';
import { compactRule, rbacEscalationAdmission } from './rbac-escalation.js';

const g = 'rbac.authorization.k8s.io';
const desc = (plural: string) => lookupResource(g, 'v1', plural)!;
const ref = (kind: string, name: string) => ({ apiGroup: g, kind, name });

const podReader: ClusterRole = { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }] };
const binder: ClusterRole = { metadata: { name: 'binder' }, rules: [{ verbs: ['bind'], apiGroups: [g], resources: ['clusterroles'], resourceNames: ['admin'] }] };
const admin: ClusterRole = { metadata: { name: 'admin' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] };
const crbs: ClusterRoleBinding[] = [{ metadata: { name: 'jane-binder' }, roleRef: ref('ClusterRole', 'binder'), subjects: [{ kind: 'User', name: 'jane' }] }];
const rbs: RoleBinding[] = [{ metadata: { name: 'jane-reads', namespace: 'team' }, roleRef: ref('ClusterRole', 'pod-reader'), subjects: [{ kind: 'User', name: 'jane' }] }];
const roles: Role[] = [];

const objects: rbac.RbacObjects = {
  clusterRole: (n) => [podReader, binder, admin].find((r) => r.metadata?.name === n),
  role: (ns, n) => roles.find((r) => r.metadata?.namespace === ns && r.metadata?.name === n),
  clusterRoleBindings: () => crbs,
  roleBindings: (ns) => rbs.filter((b) => b.metadata?.namespace === ns),
};
const authorizer: Authorizer = { authorize: (a) => (rbac.allowedBy(objects, a) ? { kind: 'allow', reason: '' } : noOpinion) };
const plugin = rbacEscalationAdmission({ authorizer, objects: () => objects });
const jane: UserInfo = { name: 'jane', groups: ['dev', 'system:authenticated'] };
const ctx = (user: UserInfo) => ({ ctx: { user, dryRun: false, fieldManager: 'm', fieldValidation: 'Strict' as const, warnings: [] }, subresource: '' });

function admit(plural: string, obj: KubeObject, user = jane): string {
  try {
    void plugin.admit('CREATE', desc(plural), obj, undefined, ctx(user));
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 403);
    return e.message;
  }
}

test('compactRule() prints rules as upstream CompactString', () => {
  assert.equal(compactRule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }), '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get" "list"]}');
  assert.equal(compactRule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), '{NonResourceURLs:["/metrics"], Verbs:["get"]}');
});

const rows: { name: string; plural: string; obj: KubeObject; user?: UserInfo; want: string }[] = [
  { name: 'a Role with rules the user holds there', plural: 'roles', obj: { metadata: { name: 'r', namespace: 'team' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }, want: 'ok' },
  {
    name: 'a Role with a rule held only in another namespace', plural: 'roles', obj: { metadata: { name: 'r', namespace: 'prod' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
    want: 'roles.rbac.authorization.k8s.io "r" is forbidden: user "jane" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}',
  },
  {
    name: 'a Role adding delete to what is held lists only the missing part', plural: 'roles', obj: { metadata: { name: 'r', namespace: 'team' }, rules: [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods', 'secrets'] }] },
    want: 'roles.rbac.authorization.k8s.io "r" is forbidden: user "jane" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}',
  },
  { name: 'system:masters are never checked', plural: 'clusterroles', obj: { metadata: { name: 'x' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] }, user: { name: 'root', groups: ['system:masters'] }, want: 'ok' },
  { name: 'an aggregated ClusterRole needs cluster-admin', plural: 'clusterroles', obj: { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } }, want: 'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use an aggregationRule' },
  { name: 'a RoleBinding to a ClusterRole the user holds in the namespace', plural: 'rolebindings', obj: { metadata: { name: 'b', namespace: 'team' }, roleRef: ref('ClusterRole', 'pod-reader'), subjects: [{ kind: 'User', name: 'bob' }] }, want: 'ok' },
  {
    name: 'a RoleBinding to it elsewhere', plural: 'rolebindings', obj: { metadata: { name: 'b', namespace: 'prod' }, roleRef: ref('ClusterRole', 'pod-reader'), subjects: [{ kind: 'User', name: 'bob' }] },
    want: 'rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "jane" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
  },
  { name: 'the bind verb on the role allows binding what is not held', plural: 'clusterrolebindings', obj: { metadata: { name: 'b' }, roleRef: ref('ClusterRole', 'admin'), subjects: [{ kind: 'User', name: 'bob' }] }, want: 'ok' },
  { name: 'a binding to a missing role', plural: 'rolebindings', obj: { metadata: { name: 'b', namespace: 'team' }, roleRef: ref('Role', 'nope'), subjects: [] }, want: 'rolebindings.rbac.authorization.k8s.io "b" is forbidden: role.rbac.authorization.k8s.io "nope" not found' },
];
for (const r of rows) test(`rbacEscalationAdmission: ${r.name}`, () => assert.equal(admit(r.plural, r.obj, r.user), r.want));
