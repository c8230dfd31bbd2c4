import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../meta/index.js';
import { defaultValidatingAdmissionPolicy, defaultValidatingAdmissionPolicyBinding } from './policy-defaults.js';
import { validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding } from './policy-validation.js';

const rules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }];

function policy(spec: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p.example.com' }, spec: { matchConstraints: { resourceRules: rules }, ...spec } };
  defaultValidatingAdmissionPolicy(obj);
  return obj;
}

function binding(spec: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p.example.com', validationActions: ['Deny'], ...spec } };
  defaultValidatingAdmissionPolicyBinding(obj);
  return obj;
}

const summary = (errs: { field: string; type: string; detail?: string }[]): string[] => errs.map((e) => `${e.field} ${e.type}: ${e.detail ?? ''}`.trim());

const policyCases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: 'accepts the documentation\'s demo policy', spec: { validations: [{ expression: 'object.spec.replicas <= 5' }] }, want: [] },
  { name: 'requires validations or auditAnnotations', spec: {}, want: ['spec.validations FieldValueRequired: validations or auditAnnotations must contain at least one item', 'spec.auditAnnotations FieldValueRequired: validations or auditAnnotations must contain at least one item'] },
  { name: 'refuses an expression that is not a bool', spec: { validations: [{ expression: 'object.spec' }] }, want: ['spec.validations[0].expression FieldValueInvalid: must evaluate to bool'] },
  { name: 'refuses params without a paramKind', spec: { validations: [{ expression: 'params.x == 1' }] }, want: ["spec.validations[0].expression FieldValueInvalid: compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n | params.x == 1\n | ^"] },
  { name: 'accepts params with a paramKind', spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: "params.data.x == 'y'" }] }, want: [] },
  { name: 'refuses a messageExpression that is not a string and an unknown reason', spec: { validations: [{ expression: 'true', messageExpression: '1', reason: 'Teapot' }] }, want: ['spec.validations[0].messageExpression FieldValueInvalid: must evaluate to string', 'spec.validations[0].reason FieldValueNotSupported: supported values: "Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"'] },
  { name: 'lets variables read only earlier variables', spec: { variables: [{ name: 'a', expression: 'variables.b' }, { name: 'b', expression: '1' }], validations: [{ expression: 'variables.b == 1' }] }, want: ["spec.variables[0].expression FieldValueInvalid: compilation failed: ERROR: <input>:1:1: undeclared reference to 'variables' (in container '')\n | variables.b\n | ^"] },
  { name: 'refuses a variable name that is not a CEL identifier', spec: { variables: [{ name: 'in', expression: '1' }], validations: [{ expression: 'true' }] }, want: ['spec.variables[0].name FieldValueInvalid: name is not a valid CEL identifier'] },
  { name: 'checks auditAnnotations keys and duplicates', spec: { auditAnnotations: [{ key: 'a b', valueExpression: "'x'" }, { key: 'k', valueExpression: "'x'" }, { key: 'k', valueExpression: '1' }] }, want: [
    'spec.auditAnnotations[0].key FieldValueInvalid: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    'spec.auditAnnotations[2].valueExpression FieldValueInvalid: must evaluate to one of [string null_type]',
    'spec.auditAnnotations[2].key FieldValueDuplicate:',
  ] },
  { name: 'requires resourceRules in matchConstraints', spec: { matchConstraints: {}, validations: [{ expression: 'true' }] }, want: ['spec.matchConstraints.resourceRules FieldValueRequired:'] },
  { name: 'refuses authorizer with a clear detail', spec: { validations: [{ expression: "authorizer.group('').resource('pods').check('get').allowed()" }] }, want: ['spec.validations[0].expression FieldValueInvalid: compilation failed: the authorizer variable is not supported by this server'] },
];

for (const c of policyCases) {
  test(`validateValidatingAdmissionPolicy() ${c.name}`, () => {
    assert.deepEqual(summary(validateValidatingAdmissionPolicy(policy(c.spec))), c.want);
  });
}

test('defaultValidatingAdmissionPolicy() sets failurePolicy, matchPolicy, selectors and rule scope', () => {
  const p = policy({ validations: [{ expression: 'true' }] });
  assert.deepEqual(p['spec'], {
    failurePolicy: 'Fail', validations: [{ expression: 'true' }],
    matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, resourceRules: [{ ...rules[0], scope: '*' }] },
  });
});

const bindingCases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: 'accepts a binding with a namespaceSelector', spec: { matchResources: { namespaceSelector: { matchLabels: { environment: 'test' } } } }, want: [] },
  { name: 'refuses no actions', spec: { validationActions: [] }, want: ['spec.validationActions FieldValueRequired: at least one validation action is required'] },
  { name: 'refuses duplicate and unknown actions', spec: { validationActions: ['Audit', 'Audit', 'Log'] }, want: ['spec.validationActions[1] FieldValueDuplicate:', 'spec.validationActions[2] FieldValueNotSupported: supported values: "Audit", "Deny", "Warn"'] },
  { name: 'refuses Deny with Warn', spec: { validationActions: ['Deny', 'Warn'] }, want: ['spec.validationActions FieldValueInvalid: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'] },
  { name: 'refuses a paramRef with name and selector and no action', spec: { paramRef: { name: 'x', selector: {} } }, want: ['spec.paramRef.name FieldValueForbidden: name and selector are mutually exclusive', 'spec.paramRef.selector FieldValueForbidden: name and selector are mutually exclusive', 'spec.paramRef.parameterNotFoundAction FieldValueRequired:'] },
  { name: 'refuses a paramRef with neither', spec: { paramRef: { parameterNotFoundAction: 'Allow' } }, want: ['spec.paramRef FieldValueRequired: one of name or selector must be specified'] },
];

for (const c of bindingCases) {
  test(`validateValidatingAdmissionPolicyBinding() ${c.name}`, () => {
    assert.deepEqual(summary(validateValidatingAdmissionPolicyBinding(binding(c.spec))), c.want);
  });
}
