import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { clusterRoleBindingRules } from './cluster-role-binding.js';
import { clusterRoleRules } from './cluster-role.js';
import { roleBindingRules } from './role-binding.js';
import { roleRules } from './role.js';

const role: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] }],
};
const binding = (): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'default' },
  subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
  roleRef: { kind: 'Role', name: 'pod-reader' },
});

test('roleRules.validate() accepts a Role and rejects rules without verbs, groups or resources', () => {
  assert.deepEqual(roleRules.validate?.(role), []);
  const bad = { ...role, rules: [{ resources: ['pods'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }] };
  assert.deepEqual((roleRules.validate?.(bad) ?? []).map(errorString), [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[1].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
  ]);
});

test('clusterRoleRules.validate() accepts system: names and non-resource URLs', () => {
  const cr: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:discovery' }, rules: [{ nonResourceURLs: ['/api', '/api/*'], verbs: ['get'] }] };
  assert.deepEqual(clusterRoleRules.validate?.(cr), []);
  assert.deepEqual((clusterRoleRules.validate?.({ ...cr, metadata: { name: 'a/b' } }) ?? []).map(errorString), [`metadata.name: Invalid value: "a/b": may not contain '/'`]);
  assert.deepEqual((clusterRoleRules.validate?.({ ...cr, aggregationRule: {} }) ?? []).map(errorString), ['aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil']);
});

test('roleBindingRules.defaults() fills roleRef and subject apiGroups', () => {
  const o = binding();
  roleBindingRules.defaults?.(o);
  assert.deepEqual([o['roleRef'], o['subjects']], [
    { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
    [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default', apiGroup: '' }],
  ]);
  assert.deepEqual(roleBindingRules.validate?.(o), []);
});

test('roleBindingRules.validateUpdate() refuses to change roleRef', () => {
  const old = binding();
  roleBindingRules.defaults?.(old);
  const next = binding();
  next['roleRef'] = { kind: 'ClusterRole', name: 'view' };
  roleBindingRules.defaults?.(next);
  assert.deepEqual((roleBindingRules.validateUpdate?.(next, old) ?? []).map(errorString), [
    'roleRef: Invalid value: {"kind":"ClusterRole","name":"view","apiGroup":"rbac.authorization.k8s.io"}: cannot change roleRef',
  ]);
  const subjectsOnly = structuredClone(old);
  subjectsOnly['subjects'] = [];
  assert.deepEqual(roleBindingRules.validateUpdate?.(subjectsOnly, old), []);
});

test('clusterRoleBindingRules.validate() needs ClusterRole refs and service-account namespaces', () => {
  const crb: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'system:basic-user' },
    subjects: [{ kind: 'ServiceAccount', name: 'builder' }, { kind: 'Robot', name: 'r2' }], roleRef: { kind: 'Role', name: 'x' },
  };
  clusterRoleBindingRules.defaults?.(crb);
  assert.deepEqual((clusterRoleBindingRules.validate?.(crb) ?? []).map(errorString), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
    'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
  ]);
});
