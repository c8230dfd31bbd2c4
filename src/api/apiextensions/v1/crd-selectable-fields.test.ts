import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root } from '../../meta/field-path.js';
import { selectableFieldGetters, validateSelectableFields } from './crd-selectable-fields.js';
import type { JSONSchemaProps } from './schema/types.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    metadata: { type: 'object' },
    spec: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'integer' }, on: { type: 'boolean' }, ratio: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
  },
};
const at = root('spec', 'versions').index(0).child('selectableFields');
const errs = (paths: string[]): string[] => validateSelectableFields(paths.map((jsonPath) => ({ jsonPath })), schema, at).map(errorString);

test('selectable fields: string, integer and boolean fields outside metadata, unique, at most 8', () => {
  assert.deepEqual(errs(['.spec.color', '.spec.size', '.spec.on']), []);
  assert.deepEqual(errs(['.spec.ratio']), ['spec.versions[0].selectableFields[0].jsonPath: Invalid value: ".spec.ratio": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.']);
  assert.deepEqual(errs(['.spec.nope']), ['spec.versions[0].selectableFields[0].jsonPath: Invalid value: ".spec.nope": is an invalid path: does not refer to a valid field']);
  assert.deepEqual(errs([".spec.labels['a']"]), ['spec.versions[0].selectableFields[0].jsonPath: Invalid value: ".spec.labels[\'a\']": is an invalid path: array notation is not allowed']);
  assert.deepEqual(errs(['.spec.color', '.spec.color']), ['spec.versions[0].selectableFields[1].jsonPath: Duplicate value: ".spec.color"']);
  assert.deepEqual(errs(['']), ['spec.versions[0].selectableFields[0].jsonPath: Required value']);
  assert.deepEqual(validateSelectableFields([{ jsonPath: '.spec.color' }], undefined, at).map(errorString), ['spec.versions[0].selectableFields: Invalid value: "": selectableFields may only be set when version.schema.openAPIV3Schema is not included']);
  const many: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, { type: 'string' }])) } } };
  assert.deepEqual(validateSelectableFields(Array.from({ length: 9 }, (_, i) => ({ jsonPath: `.spec.f${i}` })), many, at).map(errorString), ['spec.versions[0].selectableFields: Too many: 9: must have at most 8 items']);
});

test('selectable field values as field selectors read them', () => {
  const get = selectableFieldGetters([{ jsonPath: '.spec.color' }, { jsonPath: '.spec.size' }, { jsonPath: '.spec.on' }]);
  const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { color: 'red', size: 3, on: false } };
  assert.deepEqual(Object.keys(get), ['spec.color', 'spec.size', 'spec.on']);
  assert.deepEqual([get['spec.color']!(obj), get['spec.size']!(obj), get['spec.on']!(obj), get['spec.color']!({ ...obj, spec: {} })], ['red', '3', 'false', '']);
});
