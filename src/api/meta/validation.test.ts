import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root } from './field-path.js';
import { validateAnnotations, validateLabelSelector, validateLabels } from './label-validation.js';
import { isDns1035Label, isDns1123Label, isQualifiedName, isValidPortName, nameIsDnsLabel } from './name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateTemplateObjectMeta } from './validation.js';

const render = (errs: readonly Parameters<typeof errorString>[0][]): string[] => errs.map(errorString);
const subdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const nameKeyMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('validateObjectMeta() rejects bad names with the upstream subdomain message', () => {
  assert.deepEqual(render(validateObjectMeta({ name: 'Web_0', namespace: 'default' }, { namespaced: true })), [`metadata.name: Invalid value: "Web_0": ${subdomainMsg}`]);
  assert.deepEqual(render(validateObjectMeta({ namespace: 'default' }, { namespaced: true })), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(render(validateObjectMeta({ name: 'a' }, { namespaced: true })), ['metadata.namespace: Required value']);
  assert.deepEqual(render(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: false })), ['metadata.namespace: Forbidden: not allowed on this type']);
  assert.deepEqual(render(validateObjectMeta({ name: 'a', namespace: 'Bad_NS' }, { namespaced: true })), [`metadata.namespace: Invalid value: "Bad_NS": ${labelMsg}`]);
});

test('validateObjectMeta() checks generateName as a prefix and DNS labels refuse dots', () => {
  assert.deepEqual(validateObjectMeta({ name: 'web-abcde', generateName: 'web-', namespace: 'd' }, { namespaced: true }), []);
  assert.deepEqual(render(validateObjectMeta({ name: 'web.v2', namespace: 'd' }, { namespaced: true, nameFn: nameIsDnsLabel })), ['metadata.name: Invalid value: "web.v2": must not contain dots']);
  assert.deepEqual(isDns1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.equal(isDns1035Label('1nginx').length, 1);
});

test('validateObjectMeta() validates labels, annotations, owner references and finalizers', () => {
  const errs = render(validateObjectMeta({
    name: 'a', namespace: 'd', generation: -1,
    labels: { 'bad key!': 'x', ok: 'bad value!' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '1', controller: true }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs2', uid: '2', controller: true }, { kind: 'X', name: 'n' }],
    finalizers: ['example.com/ok', 'custom'],
  }, { namespaced: true }));
  assert.deepEqual(errs, [
    'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    `metadata.labels: Invalid value: "bad key!": ${nameKeyMsg}`,
    `metadata.labels: Invalid value: "bad value!": ${labelValueMsg}`,
    'metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"1","controller":true},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs2","uid":"2","controller":true},{"kind":"X","name":"n"}]: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and ReplicaSet/rs2',
    'metadata.ownerReferences[2].apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences[2].uid: Invalid value: "": uid must not be empty',
    'metadata.finalizers[1]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('validateAnnotations() limits the total size to 256 KiB', () => {
  assert.deepEqual(validateAnnotations({ a: 'x'.repeat(256 * 1024 - 1) }, root('metadata', 'annotations')), []);
  assert.deepEqual(render(validateAnnotations({ a: 'x'.repeat(256 * 1024) }, root('metadata', 'annotations'))), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

test('validateLabelSelector() applies the operator rules for matchExpressions', () => {
  const p = root('spec', 'selector');
  assert.deepEqual(validateLabelSelector({ matchLabels: { release: 'stable' }, matchExpressions: [{ key: 'environment', operator: 'In', values: ['dev'] }] }, p), []);
  assert.deepEqual(render(validateLabelSelector({
    matchExpressions: [
      { key: 'a', operator: 'In', values: [] },
      { key: 'b', operator: 'Exists', values: ['x'] },
      { key: 'c', operator: 'Equals', values: ['x'] },
      { key: 'd', operator: 'NotIn', values: ['bad value'] },
    ],
  }, p)), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
    `spec.selector.matchExpressions[3].values[0]: Invalid value: "bad value": ${labelValueMsg}`,
  ]);
  assert.deepEqual(validateLabels({ 'example.com/app': 'web' }, p), []);
});

test('isQualifiedName() and isValidPortName() return upstream messages', () => {
  assert.deepEqual(isQualifiedName('a/b/c').length, 1);
  assert.deepEqual(isQualifiedName('/x'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', nameKeyMsg]);
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('80'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('a--b'), ['must contain consecutive hyphens'.replace('must', 'must not')]);
});

test('validateObjectMetaUpdate() keeps identity fields immutable and finalizers closed while deleting', () => {
  const old = { name: 'a', namespace: 'd', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 3, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['kubernetes'] };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { a: 'b' } }, old), []);
  assert.deepEqual(render(validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2', generation: 2, finalizers: ['kubernetes', 'example.com/x'] }, old)), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/x"}',
    'metadata.generation: Invalid value: 2: must not be decremented',
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
  ]);
});

test('validateTemplateObjectMeta() allows only labels and annotations', () => {
  assert.deepEqual(validateTemplateObjectMeta({ labels: { a: 'b' } }, root('spec', 'metadata')), []);
  assert.deepEqual(render(validateTemplateObjectMeta({ name: 'x' }, root('spec', 'metadata'))), ['spec.metadata.name: Forbidden: cannot be set']);
});
