import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition, JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.js';
import { customKindSchema, customResourceDefinitionName, customResourceOpenApiDefinitions, type OpenApiDialect } from './crd-openapi.js';

const gvk = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
const gvkExtension = { 'x-kubernetes-group-version-kind': [gvk] };

/** The root properties every published kind gets (descriptions checked once, below). */
function withMeta(properties: Record<string, unknown>): Record<string, unknown> {
  return { ...properties, metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, apiVersion: { type: 'string' }, kind: { type: 'string' } };
}
/** Drops descriptions of apiVersion, kind and metadata at every level, so rows stay short. */
function withoutMetaDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutMetaDescriptions);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'properties' && x !== null && typeof x === 'object') {
      out[k] = Object.fromEntries(Object.entries(x).map(([n, p]) => {
        const q = withoutMetaDescriptions(p) as Record<string, unknown>;
        if (['apiVersion', 'kind', 'metadata'].includes(n)) delete q['description'];
        return [n, q];
      }));
    } else out[k] = withoutMetaDescriptions(x);
  }
  return out;
}

/** Schemas as written in a CRD (kubernetes-types does not name the x-kubernetes-* keys). */
/** A spec schema that publishes unchanged, but for its replicas' default. */
function cronSpec(replicasDefault: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object', required: ['cronSpec'],
    properties: {
      cronSpec: { type: 'string', description: 'The schedule', pattern: '^\\S+$' },
      replicas: { type: 'integer', minimum: 1, ...replicasDefault },
      ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    },
  };
}

interface Row { name: string; schema: Record<string, unknown> | undefined; v3: Record<string, unknown>; v2?: Record<string, unknown> }

const rows: Row[] = [
  {
    name: 'keeps descriptions, validations and list/map extensions; adds apiVersion, kind and metadata (v2: no defaults)',
    schema: { type: 'object', description: 'A cron tab', properties: { spec: cronSpec({ default: 1 }) } },
    v3: { type: 'object', description: 'A cron tab', properties: withMeta({ spec: cronSpec({ default: 1 }) }), ...gvkExtension },
    v2: { type: 'object', description: 'A cron tab', properties: withMeta({ spec: cronSpec({}) }), ...gvkExtension },
  },
  {
    name: 'drops what a structural schema does not publish (example, externalDocs, false flags); unfolds int-or-string',
    schema: {
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true, example: 80, externalDocs: { url: 'https://example.com' } },
        flag: { type: 'boolean', nullable: false, 'x-kubernetes-preserve-unknown-fields': false },
      },
    },
    v3: {
      type: 'object',
      properties: withMeta({
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        flag: { type: 'boolean' },
      }),
      ...gvkExtension,
    },
    v2: { type: 'object', properties: withMeta({ port: { 'x-kubernetes-int-or-string': true }, flag: { type: 'boolean' } }), ...gvkExtension },
  },
  {
    name: 'v2: junctors and nullable go, a nullable field is no longer required, preserve-unknown-fields keeps no shape',
    schema: {
      type: 'object', required: ['a', 'b'],
      properties: {
        a: { type: 'object', nullable: true, properties: { x: { type: 'string' } } },
        b: { type: 'string', oneOf: [{ pattern: '^x' }, { pattern: '^y' }] },
        c: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { x: { type: 'string' } } },
        d: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
      },
    },
    v3: {
      type: 'object', required: ['a', 'b'],
      properties: withMeta({
        a: { type: 'object', nullable: true, properties: { x: { type: 'string' } } },
        b: { type: 'string', oneOf: [{ pattern: '^x' }, { pattern: '^y' }] },
        c: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { x: { type: 'string' } } },
        d: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
      }),
      ...gvkExtension,
    },
    v2: {
      type: 'object', required: ['b'],
      properties: withMeta({
        a: {},
        b: { type: 'string' },
        c: { 'x-kubernetes-preserve-unknown-fields': true },
        d: { 'x-kubernetes-preserve-unknown-fields': true },
      }),
      ...gvkExtension,
    },
  },
  {
    name: 'an embedded resource gets apiVersion, kind and metadata, and requires apiVersion and kind (v2: not under preserve-unknown-fields)',
    schema: {
      type: 'object',
      properties: {
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        raw: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    v3: {
      type: 'object',
      properties: withMeta({
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: withMeta({ spec: { type: 'object' } }), required: ['kind', 'apiVersion'] },
        raw: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true, properties: withMeta({}), required: ['kind', 'apiVersion'] },
      }),
      ...gvkExtension,
    },
    v2: {
      type: 'object',
      properties: withMeta({
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: withMeta({ spec: { type: 'object' } }), required: ['kind', 'apiVersion'] },
        raw: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      }),
      ...gvkExtension,
    },
  },
  {
    name: 'no schema: a bare object (kubectl would otherwise refuse every field)',
    schema: undefined,
    v3: { type: 'object', ...gvkExtension },
  },
  {
    name: 'a root preserving unknown fields: published whole in v3, a bare object in v2',
    schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    v3: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: withMeta({}), ...gvkExtension },
    v2: { type: 'object', ...gvkExtension },
  },
];

for (const row of rows) {
  for (const dialect of ['v3', 'v2'] as OpenApiDialect[]) {
    test(`customKindSchema() ${dialect}: ${row.name}`, () => {
      assert.deepEqual(withoutMetaDescriptions(customKindSchema(row.schema as JSONSchemaProps | undefined, gvk, dialect)), dialect === 'v3' ? row.v3 : row.v2 ?? row.v3);
    });
  }
}

test('customKindSchema() describes apiVersion, kind and metadata as the built-in kinds do', () => {
  const props = customKindSchema({ type: 'object' }, gvk, 'v3')['properties'] as Record<string, { description?: string }>;
  assert.match(props['apiVersion']?.description ?? '', /^APIVersion defines the versioned schema/);
  assert.match(props['kind']?.description ?? '', /^Kind is a string value/);
  assert.match(props['metadata']?.description ?? '', /^Standard object's metadata/);
});

test('customResourceDefinitionName() reverses the group', () => {
  assert.equal(customResourceDefinitionName('stable.example.com', 'v1', 'CronTab'), 'com.example.stable.v1.CronTab');
});

test('customResourceOpenApiDefinitions() names the kind and list per served version of an established CRD', () => {
  const crd: CustomResourceDefinition = {
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', kind: 'CronTab', listKind: 'CronTabList' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
        { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
    status: { conditions: [{ type: 'Established', status: 'True' }], acceptedNames: { plural: 'crontabs', kind: 'CronTab', listKind: 'CronTabList' }, storedVersions: ['v1'] },
  } as CustomResourceDefinition;
  const defs = customResourceOpenApiDefinitions(crd, 'v3');
  assert.deepEqual(Object.keys(defs), ['com.example.stable.v1.CronTab', 'com.example.stable.v1.CronTabList']);
  assert.deepEqual(withoutMetaDescriptions(defs['com.example.stable.v1.CronTabList']), {
    type: 'object', description: 'CronTabList is a list of CronTab', required: ['items'],
    properties: {
      items: { type: 'array', description: 'List of crontabs. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md', items: { $ref: '#/definitions/com.example.stable.v1.CronTab' } },
      metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' },
      apiVersion: { type: 'string' }, kind: { type: 'string' },
    },
    'x-kubernetes-group-version-kind': [{ group: 'stable.example.com', version: 'v1', kind: 'CronTabList' }],
  });
  assert.deepEqual(customResourceOpenApiDefinitions({ ...crd, status: { ...crd.status, conditions: [] } } as CustomResourceDefinition, 'v3'), {});
});
