// The control plane's bootstrap roles allow its leader election as upstream's policy.go does: each component
// creates Leases and gets/updates only its own, kube-system/kube-controller-manager or kube-system/kube-scheduler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedBy, type RbacObjects, type RequestAttributes } from './authorization.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';

const roles = bootstrapClusterRoles();
const bindings = bootstrapClusterRoleBindings();
const objects: RbacObjects = {
  clusterRole: (n) => roles.find((r) => r.metadata?.name === n),
  role: () => undefined,
  clusterRoleBindings: () => bindings,
  roleBindings: () => [],
};
// A create names no object (the name is in the body), as the API server's request attributes.
const leaseRequest = (user: string, verb: string, lease: string): RequestAttributes => ({
  user: { name: user, groups: ['system:authenticated'] }, verb, resourceRequest: true, path: '',
  namespace: 'kube-system', apiGroup: 'coordination.k8s.io', resource: 'leases', subresource: '', name: verb === 'create' ? '' : lease,
});

const rows: { user: string; verb: string; lease: string; allowed: boolean }[] = [];
for (const [user, own, other] of [['system:kube-controller-manager', 'kube-controller-manager', 'kube-scheduler'], ['system:kube-scheduler', 'kube-scheduler', 'kube-controller-manager']] as const) {
  rows.push({ user, verb: 'create', lease: own, allowed: true });
  rows.push({ user, verb: 'get', lease: own, allowed: true });
  rows.push({ user, verb: 'update', lease: own, allowed: true });
  rows.push({ user, verb: 'get', lease: other, allowed: false });
  rows.push({ user, verb: 'update', lease: other, allowed: false });
  rows.push({ user, verb: 'delete', lease: own, allowed: false });
}

for (const r of rows) {
  test(`bootstrapClusterRoles() ${r.allowed ? 'allows' : 'does not allow'} ${r.user} to ${r.verb} the Lease kube-system/${r.lease}`, () => {
    assert.equal(allowedBy(objects, leaseRequest(r.user, r.verb, r.lease)) !== undefined, r.allowed);
  });
}
