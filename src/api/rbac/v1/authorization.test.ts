// Tables for the RBAC rules: rule matching (verbs, groups, resources and subresources, names, URLs, `*`),
// bindings by subject kind, and escalation coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { allowedBy, covers, ruleAllows, type RbacObjects, type RequestAttributes } from './authorization.js';

const alice = { name: 'alice', groups: ['dev', 'system:authenticated'] };
const req = (o: Partial<RequestAttributes>): RequestAttributes => ({ user: alice, verb: 'get', resourceRequest: true, path: '', namespace: 'default', apiGroup: '', resource: 'pods', subresource: '', name: '', ...o });

const ruleRows: { name: string; rule: PolicyRule; req: Partial<RequestAttributes>; want: boolean }[] = [
  { name: 'verb and resource', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req: {}, want: true },
  { name: 'another verb', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req: { verb: 'delete' }, want: false },
  { name: 'another group', rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, req: {}, want: false },
  { name: '* everything', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, req: { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' }, want: true },
  { name: 'a subresource needs resource/sub', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req: { resource: 'pods', subresource: 'log' }, want: false },
  { name: 'pods/log', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, req: { subresource: 'log' }, want: true },
  { name: '*/status', rule: { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }, req: { verb: 'update', resource: 'nodes', subresource: 'status' }, want: true },
  { name: 'pods/*', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods/*'] }, req: { verb: 'create', subresource: 'exec' }, want: true },
  { name: 'resourceNames', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }, req: { name: 'web' }, want: true },
  { name: 'resourceNames never cover a list', rule: { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }, req: { verb: 'list' }, want: false },
  { name: 'nonResourceURLs exact', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, req: { resourceRequest: false, path: '/healthz' }, want: true },
  { name: 'nonResourceURLs prefix*', rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, req: { resourceRequest: false, path: '/apis/apps/v1' }, want: true },
  { name: 'a resource rule never allows a URL', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*'] }, req: { resourceRequest: false, path: '/api' }, want: false },
];
for (const r of ruleRows) test(`ruleAllows(): ${r.name}`, () => assert.equal(ruleAllows(r.rule, req(r.req)), r.want));

function objects(o: { clusterRoles?: ClusterRole[]; roles?: Role[]; crbs?: ClusterRoleBinding[]; rbs?: RoleBinding[] }): RbacObjects {
  return {
    clusterRole: (n) => o.clusterRoles?.find((x) => x.metadata?.name === n),
    role: (ns, n) => o.roles?.find((x) => x.metadata?.namespace === ns && x.metadata?.name === n),
    clusterRoleBindings: () => o.crbs ?? [],
    roleBindings: (ns) => (o.rbs ?? []).filter((b) => b.metadata?.namespace === ns),
  };
}
const editPods: ClusterRole = { metadata: { name: 'edit-pods' }, rules: [{ verbs: ['get', 'list', 'create', 'delete'], apiGroups: [''], resources: ['pods'] }] };

test('allowedBy(): a group RoleBinding of a ClusterRole grants in its namespace only, with upstream reasons', () => {
  const o = objects({ clusterRoles: [editPods], rbs: [{ metadata: { name: 'devs', namespace: 'team' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit-pods' }, subjects: [{ kind: 'Group', name: 'dev' }] }] });
  assert.equal(allowedBy(o, req({ namespace: 'team', verb: 'delete' })), 'RoleBinding "devs/team" of ClusterRole "edit-pods" to Group "dev"');
  assert.equal(allowedBy(o, req({ namespace: 'default' })), undefined);
  assert.equal(allowedBy(o, req({ namespace: '' , verb: 'list'})), undefined);
});

test('allowedBy(): ServiceAccount subjects (namespace defaulted to the binding\'s), Users, ClusterRoleBindings', () => {
  const sa = { name: 'system:serviceaccount:default:nfs-client-provisioner', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
  const o = objects({
    clusterRoles: [editPods], roles: [{ metadata: { name: 'leader', namespace: 'default' }, rules: [{ verbs: ['get', 'update'], apiGroups: [''], resources: ['endpoints'] }] }],
    crbs: [{ metadata: { name: 'run' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit-pods' }, subjects: [{ kind: 'ServiceAccount', name: 'nfs-client-provisioner', namespace: 'default' }] }],
    rbs: [{ metadata: { name: 'leader', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'leader' }, subjects: [{ kind: 'ServiceAccount', name: 'nfs-client-provisioner' }, { kind: 'User', name: 'alice' }] }],
  });
  assert.ok(allowedBy(o, { ...req({ namespace: 'other', verb: 'create' }), user: sa }));
  assert.ok(allowedBy(o, { ...req({ resource: 'endpoints', verb: 'update' }), user: sa }));
  assert.ok(allowedBy(o, req({ resource: 'endpoints' })));
  assert.equal(allowedBy(o, req({ resource: 'endpoints', namespace: 'other' })), undefined);
});

test('covers(): a holder of edit on pods covers a subset, not deletecollection nor * nor other groups', () => {
  assert.deepEqual(covers(editPods.rules!, [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]), { covered: true, uncovered: [] });
  assert.equal(covers(editPods.rules!, [{ verbs: ['deletecollection'], apiGroups: [''], resources: ['pods'] }]).covered, false);
  assert.equal(covers(editPods.rules!, [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }]).covered, false);
  assert.equal(covers(editPods.rules!, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }]).covered, false);
  assert.equal(covers([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]).covered, true);
  assert.equal(covers([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]).covered, false);
  assert.equal(covers([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }]).covered, true);
});
