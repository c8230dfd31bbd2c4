import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicy, parseAuditPolicy } from './policy.js';
import type { AuditAttributes } from './types.js';

const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
  - level: None
    nonResourceURLs: ["/healthz*", "/version"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
  - level: Request
    resources:
      - group: ""
        resources: ["pods/log", "*/status"]
  - level: RequestResponse
    omitStages: [ResponseStarted]
    omitManagedFields: true
    resources:
      - group: ""
        resources: ["pods"]
  - level: Request
    userGroups: ["system:nodes"]
    resources:
      - group: apps
        resources: ["statefulsets/*"]
      - group: apps
        resources: ["deployments"]
        resourceNames: ["web"]
  - level: Metadata
    namespaces: ["kube-system", ""]
  - level: Metadata
    verbs: ["delete"]
`);

const user = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const res = (over: Partial<AuditAttributes>): AuditAttributes => ({ user, verb: 'get', resourceRequest: true, path: '', namespace: 'default', apiGroup: '', resource: 'pods', subresource: '', name: 'p', ...over });
const nonRes = (path: string): AuditAttributes => ({ user, verb: 'get', resourceRequest: false, path, namespace: '', apiGroup: '', resource: '', subresource: '', name: '' });

const cases: [string, AuditAttributes, string][] = [
  ['users and verbs must both match', res({ user: { name: 'system:kube-proxy', groups: [] }, verb: 'watch', resource: 'endpoints' }), 'None'],
  ['a user rule does not catch other verbs', res({ user: { name: 'system:kube-proxy', groups: [] }, verb: 'get', resource: 'endpoints', namespace: 'x' }), 'None'],
  ['a non-resource prefix with *', nonRes('/healthz/etcd'), 'None'],
  ['an exact non-resource URL', nonRes('/version'), 'None'],
  ['a non-resource rule never matches resources', res({ resource: 'healthz', namespace: 'x' }), 'None'],
  ['secrets at Metadata', res({ resource: 'secrets' }), 'Metadata'],
  ['a subresource named resource/subresource', res({ resource: 'pods', subresource: 'log' }), 'Request'],
  ['*/status matches any resource\'s status', res({ resource: 'services', subresource: 'status' }), 'Request'],
  ['pods itself', res({ resource: 'pods' }), 'RequestResponse'],
  ['pods/exec is not pods', res({ resource: 'pods', subresource: 'exec' }), 'None'],
  ['statefulsets/* covers the resource and its subresources', res({ user: { name: 'n', groups: ['system:nodes'] }, apiGroup: 'apps', resource: 'statefulsets' }), 'Request'],
  ['statefulsets/* covers a subresource', res({ user: { name: 'n', groups: ['system:nodes'] }, apiGroup: 'apps', resource: 'statefulsets', subresource: 'scale' }), 'Request'],
  ['userGroups must intersect', res({ apiGroup: 'apps', resource: 'statefulsets' }), 'None'],
  ['resourceNames restrict the objects', res({ user: { name: 'n', groups: ['system:nodes'] }, apiGroup: 'apps', resource: 'deployments', name: 'web' }), 'Request'],
  ['resourceNames: another name falls through', res({ user: { name: 'n', groups: ['system:nodes'] }, apiGroup: 'apps', resource: 'deployments', name: 'db' }), 'None'],
  ['the group must match', res({ apiGroup: 'batch', resource: 'pods' }), 'None'],
  ['namespaces', res({ resource: 'leases', apiGroup: 'coordination.k8s.io', namespace: 'kube-system' }), 'Metadata'],
  ['"" matches cluster-scoped resources', res({ resource: 'nodes', namespace: '', name: 'n1' }), 'Metadata'],
  ['verbs alone match non-resource requests too', { ...nonRes('/apis'), verb: 'delete' }, 'Metadata'],
  ['no rule: None', res({ resource: 'leases', apiGroup: 'coordination.k8s.io' }), 'None'],
];
for (const [name, attrs, level] of cases) {
  test(`evaluatePolicy() ${name}`, () => assert.equal(evaluatePolicy(policy, attrs).level, level));
}

test('evaluatePolicy() adds the rule\'s omitStages to the policy\'s and takes the rule\'s omitManagedFields first', () => {
  const d = evaluatePolicy(policy, res({}));
  assert.deepEqual([[...d.omitStages].sort(), d.omitManagedFields], [['RequestReceived', 'ResponseStarted'], true]);
  const m = evaluatePolicy(policy, res({ resource: 'secrets' }));
  assert.deepEqual([[...m.omitStages], m.omitManagedFields], [['RequestReceived'], false]);
});

test('parseAuditPolicy() reports every invalid rule with its path', () => {
  assert.throws(() => parseAuditPolicy(`apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [Sent]
rules:
  - level: Everything
  - {}
  - level: Metadata
    nonResourceURLs: ["healthz", "/a*b"]
    resources: [{ group: "" }]
  - level: None
    resources: [{ group: "", resources: ["*"], resourceNames: ["x"] }]
`), { message: `Invalid audit policy:
  rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"
  rules[1].level: Required value
  rules[2].nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs
  rules[2].nonResourceURLs[0]: Invalid value: "healthz": non-resource URL rules must begin with a '/' character
  rules[2].nonResourceURLs[1]: Invalid value: "/a*b": non-resource URL wildcards ('*') must be the final character of the rule
  rules[3].resources[0].resourceNames: Invalid value: resourceNames require a specific resource
  omitStages[0]: Unsupported value: "Sent": supported values: "RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"` });
  assert.throws(() => parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []'), /it has no rules/);
  assert.throws(() => parseAuditPolicy('apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: None}]'), /expected kind Policy of apiVersion audit.k8s.io\/v1/);
});
