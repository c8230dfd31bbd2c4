import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../meta/field-path.js';
import type { JSONSchemaProps } from './types.js';
import { validateCustomResource } from './validate.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', minLength: 3, maxLength: 10, pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 5 },
        ratio: { type: 'number', exclusiveMaximum: true, maximum: 1, multipleOf: 0.25 },
        mode: { type: 'string', enum: ['a', 'b'] },
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        big: { type: 'integer', format: 'int32' },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        env: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
        template: {
          type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true,
        },
        choice: { type: 'string', oneOf: [{ pattern: '^x' }, { pattern: 'y$' }] },
        any: { type: 'string', anyOf: [{ maxLength: 1 }, { pattern: '^z' }] },
        all: { type: 'integer', allOf: [{ minimum: 2 }, { maximum: 3 }] },
        nope: { type: 'string', not: { enum: ['bad'] } },
      },
    },
  },
};

const check = (spec: unknown): string[] => validateCustomResource(schema, { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec }).map(errorString);

const cases: Array<{ name: string; spec: unknown; want: string[] }> = [
  { name: 'accepts a valid object', spec: { image: 'nginx', replicas: 2, ratio: 0.5, port: 'http', note: null, when: '2024-01-02T03:04:05Z', tags: ['a', 'b'] }, want: [] },
  { name: 'reports the type the value has', spec: { image: 'nginx', replicas: 'x' }, want: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'] },
  { name: 'reports missing required fields', spec: {}, want: ['spec.image: Required value'] },
  { name: 'bounds numbers', spec: { image: 'nginx', replicas: 0, ratio: 1 }, want: ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1', 'spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1'] },
  { name: 'checks multipleOf and maximum', spec: { image: 'nginx', replicas: 6, ratio: 0.3 }, want: ['spec.replicas: Invalid value: 6: spec.replicas in body should be less than or equal to 5', 'spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25'] },
  { name: 'checks string length and pattern', spec: { image: 'AB' }, want: ['spec.image: Invalid value: "AB": spec.image in body should be at least 3 chars long', "spec.image: Invalid value: \"AB\": spec.image in body should match '^[a-z]+$'"] },
  { name: 'reports maxLength as Too long', spec: { image: 'abcdefghijk' }, want: ['spec.image: Too long: may not be more than 10 bytes'] },
  { name: 'lists supported enum values', spec: { image: 'nginx', mode: 'c' }, want: ['spec.mode: Unsupported value: "c": supported values: "a", "b"'] },
  { name: 'checks supported formats and ignores int32', spec: { image: 'nginx', when: 'yesterday', id: 'nope', big: 2 ** 40 }, want: ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"', 'spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"'] },
  { name: 'types int-or-string', spec: { image: 'nginx', port: true }, want: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
  { name: 'refuses null where not nullable', spec: { image: null }, want: ['spec.image: Invalid value: "null": spec.image in body must be of type string: "null"'] },
  { name: 'counts items', spec: { image: 'nginx', tags: [] }, want: ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'] },
  { name: 'reports too many items', spec: { image: 'nginx', tags: ['a', 'b', 'c'] }, want: ['spec.tags: Too many: 3: must have at most 2 items'] },
  { name: 'finds duplicates in a set', spec: { image: 'nginx', tags: ['a', 'a'] }, want: ['spec.tags[1]: Duplicate value: "a"'] },
  { name: 'finds duplicate keys in a map list', spec: { image: 'nginx', ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] }, want: ['spec.ports[1]: Duplicate value: {"name":"a"}'] },
  { name: 'validates item fields with indexed paths', spec: { image: 'nginx', ports: [{ port: 'x' }] }, want: ['spec.ports[0].port: Invalid value: "string": spec.ports[0].port in body must be of type integer: "string"', 'spec.ports[0].name: Required value'] },
  { name: 'validates additionalProperties and maxProperties', spec: { image: 'nginx', env: { a: 1 } }, want: ['spec.env.a: Invalid value: "integer": spec.env.a in body must be of type string: "integer"'] },
  { name: 'stops at maxProperties', spec: { image: 'nginx', env: { a: 1, b: 'x' } }, want: ['spec.env: Too many: 2: must have at most 1 items'] },
  { name: 'needs apiVersion and kind in embedded resources', spec: { image: 'nginx', template: { metadata: { name: 'a/b', labels: { 'bad key': 'x' } } } }, want: ['spec.template.apiVersion: Required value', 'spec.template.kind: Required value', "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'", 'spec.template.metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')'] },
  { name: 'accepts an embedded resource with a generateName only', spec: { image: 'nginx', template: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } } }, want: [] },
  { name: 'applies oneOf', spec: { image: 'nginx', choice: 'xy' }, want: ['spec.choice: Invalid value: "": "spec.choice" must validate one and only one schema (oneOf). Found 2 valid alternatives'] },
  { name: 'applies anyOf with the closest failure', spec: { image: 'nginx', any: 'ab' }, want: ['spec.any: Invalid value: "": "spec.any" must validate at least one schema (anyOf)', 'spec.any: Too long: may not be more than 1 bytes'] },
  { name: 'applies allOf and not', spec: { image: 'nginx', all: 4, nope: 'bad' }, want: ['spec.all: Invalid value: 4: spec.all in body should be less than or equal to 3', 'spec.all: Invalid value: "": "spec.all" must validate all the schemas (allOf)', 'spec.nope: Invalid value: "": "spec.nope" must not validate the schema (not)'] },
];

for (const c of cases) test(`validateCustomResource() ${c.name}`, () => assert.deepEqual(check(c.spec), c.want));

test('validateCustomResource() keeps messages relative to the value under a path prefix', () => {
  const errs = validateCustomResource({ type: 'integer' }, 'x', { path: 'spec.versions[0].schema.openAPIV3Schema.properties[a].default' }).map(errorString);
  assert.deepEqual(errs, ['spec.versions[0].schema.openAPIV3Schema.properties[a].default: Invalid value: "string":  in body must be of type integer: "string"']);
});

test('validateCustomResource() translates RE2 patterns and counts runes', () => {
  const s: JSONSchemaProps = { type: 'object', properties: { a: { type: 'string', pattern: '(?i)^[[:alpha:]]+\\z', maxLength: 2 } } };
  assert.deepEqual(validateCustomResource(s, { a: 'Ab' }), []);
  assert.deepEqual(validateCustomResource(s, { a: 'é' }).map(errorString), ["a: Invalid value: \"é\": a in body should match '(?i)^[[:alpha:]]+\\z'"]);
  assert.deepEqual(validateCustomResource({ type: 'object', properties: { a: { type: 'string', maxLength: 2 } } }, { a: '😀😀' }), []);
});

test('ratcheting: on updates, values equal to their correlated old values are not validated again', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object', required: ['size'],
        properties: {
          size: { type: 'string', maxLength: 3 },
          other: { type: 'string' },
          ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', maximum: 1000 } } } },
          plain: { type: 'array', items: { type: 'integer', maximum: 10 } },
        },
      },
    },
  };
  const old = { spec: { size: 'large', ports: [{ name: 'http', port: 8080 }], plain: [50] } };
  // Untouched invalid values pass; another field may change.
  assert.deepEqual(validateCustomResource(schema, { spec: { ...old.spec, other: 'x' } }, { old }), []);
  // A changed invalid value, a new invalid map-list entry and an atomic list's items are validated.
  const errs = validateCustomResource(schema, { spec: { size: 'huge', ports: [{ name: 'http', port: 8080 }, { name: 'https', port: 8443 }], plain: [50, 60] } }, { old }).map((e) => e.field);
  assert.deepEqual(errs, ['spec.size', 'spec.ports[1].port', 'spec.plain[0]', 'spec.plain[1]']);
  // Without an old object (creates) everything is validated.
  assert.equal(validateCustomResource(schema, old).length, 3);
});
