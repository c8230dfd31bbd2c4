// Unit tests for the gnostic openapi_v2.Document encoder: hand-computed bytes for small documents, and
// documents decoded back (testing.ts reads the wire format by OpenAPIv2.proto's field numbers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../api/index.js';
import { anyYaml, encodeOpenApiV2Document } from './gnostic-v2.js';
import { buildOpenApiV2 } from './documents.js';
import { decodeOpenApiV2Document, readWire } from './testing.js';
import type { OpenApiResource } from './resource.js';

const bytes = (...parts: (number | string)[]): number[] => parts.flatMap((p) => (typeof p === 'number' ? [p] : [...new TextEncoder().encode(p)]));
const encode = (doc: Record<string, unknown>): number[] => [...encodeOpenApiV2Document(doc)];

test('encodeOpenApiV2Document() writes swagger = 1 and Info { title = 1, version = 2 } as Go does', () => {
  assert.deepEqual(encode({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' } }), bytes(
    0x0a, 3, '2.0',
    0x12, 21, 0x0a, 10, 'Kubernetes', 0x12, 7, 'v1.32.4',
  ));
});

test('encodeOpenApiV2Document() leaves out proto3 zero values and keys gnostic has no field for', () => {
  assert.deepEqual(encode({ swagger: '', host: '', info: { title: '', version: '' }, basePath: '/', openapi: '3.0.0', components: {} }), bytes(0x12, 0, 0x22, 1, '/'));
});

test('encodeOpenApiV2Document() writes a path item as Paths { path = 2: NamedPathItem } with the operation and its extensions', () => {
  const gvk = { group: '', kind: 'Pod', version: 'v1' };
  const yaml = anyYaml(gvk);
  const got = encode({ paths: { '/p': { patch: { operationId: 'o', 'x-kubernetes-group-version-kind': gvk } } } });
  // NamedAny { name = 1, value = 2: Any { yaml = 2 } }
  const any = bytes(0x12, yaml.length, yaml);
  const namedAny = bytes(0x0a, 31, 'x-kubernetes-group-version-kind', 0x12, any.length, ...any);
  // Operation { operation_id = 5, vendor_extension = 13 }
  const op = bytes(0x2a, 1, 'o', 0x6a, namedAny.length, ...namedAny);
  // PathItem { patch = 8 }
  const item = bytes(0x42, op.length, ...op);
  const named = bytes(0x0a, 2, '/p', 0x12, item.length, ...item);
  assert.deepEqual(got, bytes(0x42, named.length + 2, 0x12, named.length, ...named));
});

test('encodeOpenApiV2Document() shapes a schema: TypeItem, ItemsItem, AdditionalPropertiesItem, Properties', () => {
  const doc = { definitions: { a: { type: 'array', items: { $ref: '#/definitions/b' } }, m: { type: 'object', additionalProperties: false } } };
  const defs = readWire(Uint8Array.from(encode(doc).slice(2))); // Document.definitions = 9 (one length byte)
  const first = readWire(defs.get(1)![0] as Uint8Array);
  const schema = readWire(first.get(2)![0] as Uint8Array);
  assert.deepEqual([...schema.keys()], [22, 23]);
  assert.deepEqual(readWire(schema.get(22)![0] as Uint8Array).get(1), [new TextEncoder().encode('array')]);
  const items = readWire(schema.get(23)![0] as Uint8Array).get(1)!;
  assert.equal(items.length, 1);
  assert.deepEqual(readWire(items[0] as Uint8Array).get(1), [new TextEncoder().encode('#/definitions/b')]);
  const map = readWire(readWire(defs.get(1)![1] as Uint8Array).get(2)![0] as Uint8Array);
  // additionalProperties: false is the oneof's boolean = 2, written although false.
  assert.deepEqual([...readWire(map.get(21)![0] as Uint8Array)], [[2, [0n]]]);
});

test('anyYaml() is JSON text, which Go\'s yaml.v2 reads back as the same value', () => {
  assert.equal(anyYaml([{ group: 'apps', kind: 'Deployment', version: 'v1' }]), '[{"group":"apps","kind":"Deployment","version":"v1"}]\n');
  assert.equal(anyYaml('merge'), '"merge"\n');
});

/** A document that uses every message and oneof branch the encoder knows. */
const everything = {
  swagger: '2.0',
  info: { title: 'T', version: '1', description: 'd', 'x-info': true },
  host: 'h', basePath: '/b', schemes: ['https'], consumes: ['application/json'], produces: ['application/json', 'application/yaml'],
  paths: {
    'x-paths': { a: 1 },
    '/api/v1/namespaces/{namespace}/pods/{name}': {
      parameters: [
        { name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true, description: 'n' },
        { $ref: '#/parameters/pretty' },
      ],
      get: {
        tags: ['core_v1'], summary: 's', description: 'read', operationId: 'readPod', produces: ['*/*'], consumes: ['*/*'], schemes: ['https'], deprecated: true,
        parameters: [
          { name: 'limit', in: 'query', type: 'integer', maximum: 10.5, minimum: -3, maxLength: 7, minItems: 1, enum: [1, 2], default: 5, allowEmptyValue: true, multipleOf: 0.5 },
          { name: 'X-Trace', in: 'header', type: 'string', format: 'uuid' },
          { name: 'file', in: 'formData', type: 'array', items: { type: 'string', enum: ['a'] }, collectionFormat: 'multi' },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' }, 'x-body': 'b' },
        ],
        responses: {
          200: { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' }, headers: { 'X-Rate': { type: 'integer', description: 'r' } }, examples: { 'application/json': { a: 'b' } } },
          201: { description: 'file', schema: { type: 'file', description: 'f' } },
          404: { $ref: '#/responses/notFound' },
          'x-responses': 'r',
        },
        security: [{ BearerToken: [] }, { OAuth: ['read', 'write'] }],
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': { group: '', kind: 'Pod', version: 'v1' },
      },
      'x-path-item': null,
    },
  },
  definitions: {
    'io.k8s.api.core.v1.Pod': {
      type: 'object', title: 't', description: 'Pod', required: ['spec'],
      properties: {
        spec: { $ref: '#/definitions/io.k8s.api.core.v1.PodSpec', description: 'the spec' },
        list: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        any: { type: 'object', additionalProperties: true },
        n: { type: 'number', format: 'double', default: 1.5, example: 2, exclusiveMaximum: true, exclusiveMinimum: true, maximum: 3, minimum: -1.25 },
        i: { type: 'integer', format: 'int64', maxProperties: 2, minProperties: 1, maxItems: 9, minLength: 1, pattern: '^a', uniqueItems: true, readOnly: true, discriminator: 'k' },
        tuple: { type: ['string', 'null'], items: [{ type: 'string' }, { type: 'integer' }], allOf: [{ type: 'object' }] },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }],
    },
    'io.k8s.api.core.v1.PodSpec': { type: 'object', properties: { nodeName: { type: 'string', enum: ['a', 'b'] } } },
  },
  parameters: { pretty: { name: 'pretty', in: 'query', type: 'string', uniqueItems: true } },
  responses: { notFound: { description: 'not found' } },
  security: [{ BearerToken: [] }],
  securityDefinitions: {
    BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer token authentication' },
    Basic: { type: 'basic' },
  },
  tags: [{ name: 'core_v1', description: 'core', 'x-tag': 1 }],
  'x-document': { nested: [1, 'two', null] },
};

test('encodeOpenApiV2Document() round-trips every message and oneof branch through the wire format', () => {
  const back = decodeOpenApiV2Document(encodeOpenApiV2Document(everything));
  assert.deepEqual(back, JSON.parse(JSON.stringify(everything)));
});

test('encodeOpenApiV2Document() round-trips the served document of every registry kind', () => {
  const rs: OpenApiResource[] = resources.map((r) => ({
    group: r.group, version: r.version, kind: r.kind, plural: r.plural, namespaced: r.namespaced, verbs: [...r.verbs],
    subresources: [
      ...(r.hasStatus ? [{ name: 'status', kind: r.kind, group: r.group, version: r.version, verbs: ['get', 'patch', 'update'] }] : []),
      ...r.extraSubresources.map((x) => ({ name: x.name, kind: x.kind, group: x.group ?? r.group, version: x.version ?? r.version, verbs: [...x.verbs] })),
    ],
  }));
  const doc = buildOpenApiV2(rs);
  assert.deepEqual(decodeOpenApiV2Document(encodeOpenApiV2Document(doc)), JSON.parse(JSON.stringify(doc)));
});

test('encodeOpenApiV2Document() writes a negative integer as a 10-byte varint and a double as fixed64', () => {
  const got = encode({ definitions: { d: { minLength: -1, maximum: 0.5 } } });
  const schema = readWire(readWire(readWire(Uint8Array.from(got.slice(2))).get(1)![0] as Uint8Array).get(2)![0] as Uint8Array);
  assert.deepEqual(schema.get(12), [(1n << 64n) - 1n]);
  const max = schema.get(7)![0] as Uint8Array;
  assert.equal(new DataView(max.buffer, max.byteOffset, 8).getFloat64(0, true), 0.5);
});
