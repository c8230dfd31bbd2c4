import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customResourcePatchMeta } from './patch-meta.js';
import type { JSONSchemaProps } from './types.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        users: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } },
        tags: { type: 'array', items: { type: 'string' } },
        roles: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { app: { type: 'string' } } },
        port: { 'x-kubernetes-int-or-string': true },
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

test('customResourcePatchMeta: structs, list types (atomic by default), maps, map types, scalars, free-form', () => {
  const spec = customResourcePatchMeta(schema).field('spec')!;
  const users = spec.field('users')!;
  assert.deepEqual([users.kind, users.listType, users.listMapKeys, users.elem()?.kind], ['list', 'map', ['name'], 'struct']);
  assert.deepEqual([spec.field('tags')?.listType, spec.field('roles')?.listType], ['atomic', 'set']);
  assert.deepEqual([spec.field('env')?.kind, spec.field('env')?.elem()?.kind], ['map', 'scalar']);
  assert.deepEqual([spec.field('selector')?.kind, spec.field('selector')?.mapType], ['struct', 'atomic']);
  assert.deepEqual([spec.field('port')?.kind, spec.field('raw')?.kind, spec.field('missing')], ['scalar', 'map', undefined]);
  assert.equal(customResourcePatchMeta(schema).field('metadata')?.field('labels')?.kind, 'map', 'metadata is ObjectMeta');
});
