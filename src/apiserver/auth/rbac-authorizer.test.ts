import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rbac, type KubeObject } from '../../api/index.js';
import type { Attributes } from './authorizer.js';
import { RbacAuthorizer } from './rbac-authorizer.js';

const g = 'rbac.authorization.k8s.io';
const cached = (list: object[]): { items: KubeObject[]; resourceVersion: number; list(): readonly KubeObject[] } => {
  const c = { items: list as KubeObject[], resourceVersion: 1, list: () => c.items };
  return c;
};
const roles = cached([{ metadata: { name: 'cm', namespace: 'a' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'] }] }]);
const clusterRoles = cached([
  { metadata: { name: 'pods' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }] },
  { metadata: { name: 'urls' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }] },
]);
const roleBindings = cached([
  { metadata: { name: 'cm', namespace: 'a' }, roleRef: { apiGroup: g, kind: 'Role', name: 'cm' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
  { metadata: { name: 'pods', namespace: 'b' }, roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'pods' }, subjects: [{ kind: 'Group', name: 'dev' }] },
  { metadata: { name: 'missing', namespace: 'b' }, roleRef: { apiGroup: g, kind: 'Role', name: 'nope' }, subjects: [{ kind: 'User', name: 'ann' }] },
]);
const clusterRoleBindings = cached([{ metadata: { name: 'urls' }, roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'urls' }, subjects: [{ kind: 'User', name: 'ann' }] }]);
const authz = new RbacAuthorizer({ roles, clusterRoles, roleBindings, clusterRoleBindings });

const users = [
  { name: 'system:serviceaccount:a:bot', groups: ['system:serviceaccounts'] },
  { name: 'ann', groups: ['dev'] },
  { name: 'bob', groups: [] },
];
const requests: Omit<Attributes, 'user'>[] = [];
for (const namespace of ['a', 'b', '']) {
  for (const verb of ['get', 'list', 'delete']) {
    for (const [resource, subresource] of [['configmaps', ''], ['pods', ''], ['pods', 'log'], ['pods', 'exec']] as const) {
      for (const name of ['', 'one', 'two']) requests.push({ verb, resourceRequest: true, path: '', namespace, apiGroup: '', resource, subresource, name });
    }
  }
}
for (const path of ['/healthz', '/metrics/x', '/version']) requests.push({ verb: 'get', resourceRequest: false, path, namespace: '', apiGroup: '', resource: '', subresource: '', name: '' });

test('RbacAuthorizer answers as rbac.allowedBy over the same objects, for every user and request of a table', () => {
  let allowed = 0;
  for (const user of users) {
    for (const r of requests) {
      const a = { ...r, user };
      const want = rbac.allowedBy(authz.objects(), a);
      const got = authz.authorize(a);
      assert.equal(got.kind, want ? 'allow' : 'noOpinion', JSON.stringify(a));
      if (want) { allowed++; assert.equal(got.reason, `RBAC: allowed by ${want}`); }
    }
  }
  // bot: configmaps/one in a; ann (group dev): get and list of pods and pods/log in b, any name; ann: two URLs.
  assert.equal(allowed, 1 + 2 * 2 * 3 + 2);
});

test('RbacAuthorizer rebuilds its index when a cache moves', () => {
  const a = { user: { name: 'bob', groups: [] }, verb: 'get', resourceRequest: true, path: '', namespace: 'b', apiGroup: '', resource: 'pods', subresource: '', name: '' };
  assert.equal(authz.authorize(a).kind, 'noOpinion');
  roleBindings.items = [...roleBindings.items, { metadata: { name: 'bob', namespace: 'b' }, roleRef: { apiGroup: g, kind: 'ClusterRole', name: 'pods' }, subjects: [{ kind: 'User', name: 'bob' }] }];
  roleBindings.resourceVersion = 2;
  assert.deepEqual(authz.authorize(a), { kind: 'allow', reason: 'RBAC: allowed by RoleBinding "bob/b" of ClusterRole "pods" to User "bob"' });
});
