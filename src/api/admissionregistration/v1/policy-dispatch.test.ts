import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../meta/index.js';
import { compilePolicy } from './policy-compile.js';
import { evaluatePolicy } from './policy-evaluation.js';
import { dispatchPolicies, type ParamStore, type PolicyOutcome, type PolicyRequest } from './policy-dispatch.js';
import { matchResources } from './policy-matching.js';

const rules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'], scope: '*' }];
const deploymentResource = { group: 'apps', version: 'v1', resource: 'deployments' };

function policy(name: string, spec: Record<string, unknown>): KubeObject {
  return { metadata: { name }, spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: rules, matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} }, ...spec } };
}
function binding(name: string, policyName: string, spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name }, spec: { policyName, validationActions: ['Deny'], ...spec } };
}
function request(replicas: number, over: Partial<PolicyRequest> = {}): PolicyRequest {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'test', labels: { app: 'web' } }, spec: { replicas } };
  return {
    operation: 'CREATE', resource: deploymentResource, subresource: '', namespace: 'test', name: 'web', object, oldObject: undefined,
    namespaceLabels: { kind: 'labels', labels: { environment: 'test' } }, equivalents: [], admissionRequest: { operation: 'CREATE' }, namespaceObject: { metadata: { name: 'test' } },
    ...over,
  };
}
const configMaps = (objects: KubeObject[]): ParamStore => ({
  namespaced: true,
  get: (ns, name) => objects.find((o) => o.metadata?.['namespace'] === ns && o.metadata?.['name'] === name),
  list: (ns) => objects.filter((o) => o.metadata?.['namespace'] === ns),
});
const limit = (name: string, max: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'test', labels }, data: { max } });

const demo = policy('demo', { validations: [{ expression: 'object.spec.replicas <= 5' }] });
const withParams = policy('limits', { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'object.spec.replicas <= int(params.data.max)', messageExpression: "'at most ' + params.data.max", reason: 'Forbidden' }] });

const cases: { name: string; policies: KubeObject[]; bindings: KubeObject[]; params?: KubeObject[]; request: PolicyRequest; want: PolicyOutcome }[] = [
  { name: 'allows what the validations accept', policies: [demo], bindings: [binding('b', 'demo')], request: request(5), want: { warnings: [], auditAnnotations: [] } },
  {
    name: 'denies with upstream\'s message and Invalid by default', policies: [demo], bindings: [binding('b', 'demo')], request: request(6),
    want: { denial: { message: "ValidatingAdmissionPolicy 'demo' with binding 'b' denied request: failed expression: object.spec.replicas <= 5", reason: 'Invalid', code: 422 }, warnings: [], auditAnnotations: [] },
  },
  { name: 'ignores a policy without bindings', policies: [demo], bindings: [], request: request(6), want: { warnings: [], auditAnnotations: [] } },
  { name: 'skips a binding whose namespaceSelector does not select the namespace', policies: [demo], bindings: [binding('b', 'demo', { matchResources: { namespaceSelector: { matchLabels: { environment: 'prod' } }, objectSelector: {}, matchPolicy: 'Equivalent' } })], request: request(6), want: { warnings: [], auditAnnotations: [] } },
  { name: 'skips requests the matchConstraints do not select', policies: [demo], bindings: [binding('b', 'demo')], request: request(6, { resource: { group: 'apps', version: 'v1', resource: 'statefulsets' } }), want: { warnings: [], auditAnnotations: [] } },
  {
    name: 'Warn and Audit instead of Deny', policies: [demo], bindings: [binding('b', 'demo', { validationActions: ['Warn', 'Audit'] })], request: request(6),
    want: {
      warnings: ["Validation failed for ValidatingAdmissionPolicy 'demo' with binding 'b': failed expression: object.spec.replicas <= 5"],
      auditAnnotations: [['validation.policy.admission.k8s.io/validation_failure', '[{"message":"failed expression: object.spec.replicas <= 5","policy":"demo","binding":"b","expressionIndex":0,"validationActions":["Warn","Audit"]}]']],
    },
  },
  {
    name: 'params by name, with messageExpression and reason Forbidden', policies: [withParams], bindings: [binding('b', 'limits', { paramRef: { name: 'l', parameterNotFoundAction: 'Deny' } })], params: [limit('l', '3')], request: request(4),
    want: { denial: { message: "ValidatingAdmissionPolicy 'limits' with binding 'b' denied request: at most 3", reason: 'Forbidden', code: 403 }, warnings: [], auditAnnotations: [] },
  },
  {
    name: 'params by selector: every selected param is checked', policies: [withParams], bindings: [binding('b', 'limits', { paramRef: { selector: { matchLabels: { tier: 'x' } }, parameterNotFoundAction: 'Deny' } })],
    params: [limit('a', '10', { tier: 'x' }), limit('b', '2', { tier: 'x' }), limit('c', '1')], request: request(4),
    want: { denial: { message: "ValidatingAdmissionPolicy 'limits' with binding 'b' denied request: at most 2", reason: 'Forbidden', code: 403 }, warnings: [], auditAnnotations: [] },
  },
  {
    name: 'a missing param denies with parameterNotFoundAction Deny', policies: [withParams], bindings: [binding('b', 'limits', { paramRef: { name: 'gone', parameterNotFoundAction: 'Deny' } })], params: [], request: request(1),
    want: { denial: { message: "ValidatingAdmissionPolicy 'limits' with binding 'b' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", reason: 'Invalid', code: 422 }, warnings: [], auditAnnotations: [] },
  },
  { name: 'a missing param allows with parameterNotFoundAction Allow', policies: [withParams], bindings: [binding('b', 'limits', { paramRef: { name: 'gone', parameterNotFoundAction: 'Allow' } })], params: [], request: request(100), want: { warnings: [], auditAnnotations: [] } },
  {
    name: 'auditAnnotations are published under the policy name', policies: [policy('a', { auditAnnotations: [{ key: 'replicas', valueExpression: "'r' + string(object.spec.replicas)" }] })], bindings: [binding('b', 'a')], request: request(2),
    want: { warnings: [], auditAnnotations: [['a/replicas', 'r2']] },
  },
];

for (const c of cases) {
  test(`dispatchPolicies() ${c.name}`, () => {
    const store = configMaps(c.params ?? []);
    assert.deepEqual(dispatchPolicies({ policies: c.policies, bindings: c.bindings, params: () => store }, c.request), c.want);
  });
}

const input = (object: unknown) => ({ object, oldObject: null, request: { operation: 'CREATE' }, params: null, namespaceObject: null });

test('evaluatePolicy() skips when a matchCondition is false and reports errors by failurePolicy', () => {
  const p = compilePolicy({ matchConditions: [{ name: 'big', expression: 'object.spec.replicas > 10' }], validations: [{ expression: 'false' }] });
  assert.deepEqual(evaluatePolicy(p, 'Fail', input({ spec: { replicas: 1 } })), { decisions: [], auditAnnotations: [] });
  const broken = compilePolicy({ validations: [{ expression: 'object.spec.missing == 1' }] });
  assert.deepEqual(evaluatePolicy(broken, 'Fail', input({ spec: {} })).decisions.map((d) => d.message), ["expression 'object.spec.missing == 1' resulted in error: No such key: missing"]);
  assert.deepEqual(evaluatePolicy(broken, 'Ignore', input({ spec: {} })).decisions, []);
});

test('evaluatePolicy() evaluates variables lazily, once, and surfaces their errors where used', () => {
  const p = compilePolicy({
    variables: [{ name: 'bad', expression: 'object.nope' }, { name: 'r', expression: 'object.spec.replicas' }],
    validations: [{ expression: 'variables.r <= 5', messageExpression: "'replicas ' + string(variables.r)" }, { expression: 'variables.bad == 1' }],
  });
  assert.deepEqual(evaluatePolicy(p, 'Fail', input({ spec: { replicas: 9 } })).decisions.map((d) => d.message), ['replicas 9', "expression 'variables.bad == 1' resulted in error: No such key: nope"]);
});

test('evaluatePolicy() refuses an evaluation over the per-call cost limit', () => {
  const p = compilePolicy({ validations: [{ expression: 'object.items.all(a, object.items.all(b, object.items.all(c, a + b + c != "")))' }] });
  const items = Array.from({ length: 200 }, (_, i) => `item-${i}`);
  assert.deepEqual(evaluatePolicy(p, 'Fail', input({ items })).decisions.map((d) => d.message), [`expression '${'object.items.all(a, object.items.all(b, object.items.all(c, a + b + c != "")))'}' resulted in error: operation cancelled: actual cost limit exceeded`]);
});

test('matchResources() honours excludeResourceRules, resourceNames and Equivalent resources', () => {
  const r = request(1);
  const base = { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} };
  assert.deepEqual(matchResources({ ...base, resourceRules: rules, excludeResourceRules: [{ ...rules[0], resourceNames: ['web'] }] }, r), { matches: false });
  assert.deepEqual(matchResources({ ...base, resourceRules: [{ ...rules[0], resourceNames: ['other'] }] }, r), { matches: false });
  const legacy = { group: 'extensions', version: 'v1beta1', resource: 'deployments', kind: 'Deployment' };
  const viaLegacy = request(1, { resource: legacy, equivalents: [legacy, { ...deploymentResource, kind: 'Deployment' }] });
  assert.deepEqual(matchResources({ ...base, resourceRules: rules }, viaLegacy), { matches: true, resource: { ...deploymentResource, kind: 'Deployment' } });
  assert.deepEqual(matchResources({ ...base, matchPolicy: 'Exact', resourceRules: rules }, viaLegacy), { matches: false });
});
