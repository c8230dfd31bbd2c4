import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pruneUnknownFields } from './prune.js';
import type { JSONSchemaProps } from './types.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        a: { type: 'string' },
        list: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'integer' } } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { x: { type: 'string' } } } } },
        tpl: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
      },
    },
  },
};

test('pruneUnknownFields() drops unknown fields everywhere and reports their paths', () => {
  const obj = {
    apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', junk: 1 }, extra: 1,
    spec: {
      a: 'x', b: 1,
      list: [{ name: 'n', bad: true }],
      map: { k: { v: 1, w: 2 } },
      free: { anything: { deep: 1 }, known: { x: 'y', z: 1 } },
      tpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {}, status: {} },
    },
  };
  const pruned = pruneUnknownFields(schema, obj);
  assert.deepEqual(pruned, ['extra', 'spec.b', 'spec.list[0].bad', 'spec.map.k.w', 'spec.free.known.z', 'spec.tpl.status']);
  assert.deepEqual(obj, {
    apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', junk: 1 },
    spec: {
      a: 'x', list: [{ name: 'n' }], map: { k: { v: 1 } },
      free: { anything: { deep: 1 }, known: { x: 'y' } },
      tpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
    },
  });
});

test('pruneUnknownFields() keeps everything under a preserve-unknown-fields root', () => {
  const obj = { apiVersion: 'x/v1', kind: 'X', spec: { anything: [1, { a: 2 }] } };
  assert.deepEqual(pruneUnknownFields({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, obj), []);
  assert.deepEqual(obj.spec, { anything: [1, { a: 2 }] });
});
