import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from './defaults.js';
import type { JSONSchemaProps } from './types.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'fast' },
        note: { type: 'string', nullable: true, default: 'n' },
        gone: { type: 'string' },
        nested: { type: 'object', default: { a: 'x' }, properties: { a: { type: 'string' }, b: { type: 'string', default: 'b' } } },
        ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string', default: 'v' } },
      },
    },
  },
};

const cases: Array<{ name: string; obj: Record<string, unknown>; want: Record<string, unknown> }> = [
  {
    name: 'fills an absent object and then its own properties (defaults nest)',
    obj: {},
    want: { spec: { replicas: 1, mode: 'fast', note: 'n', nested: { a: 'x', b: 'b' } } },
  },
  {
    name: 'keeps given values, defaults nulls of non-nullable fields and keeps nullable nulls',
    obj: { spec: { replicas: 3, mode: null, note: null, gone: null, nested: {} } },
    want: { spec: { replicas: 3, mode: 'fast', note: null, nested: { b: 'b' } } },
  },
  {
    name: 'defaults inside list items and map values',
    obj: { spec: { ports: [{}, { protocol: 'UDP' }], labels: { a: null, b: 'x' } } },
    want: { spec: { replicas: 1, mode: 'fast', note: 'n', nested: { a: 'x', b: 'b' }, ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }], labels: { a: 'v', b: 'x' } } },
  },
];

for (const c of cases) {
  test(`applyDefaults() ${c.name}`, () => {
    applyDefaults(schema, c.obj);
    assert.deepEqual(c.obj, c.want);
  });
}

test('applyDefaults() writes copies, never the schema default itself', () => {
  const a: Record<string, unknown> = {};
  applyDefaults(schema, a);
  ((a['spec'] as Record<string, unknown>)['nested'] as Record<string, unknown>)['a'] = 'changed';
  assert.deepEqual(schema.properties?.['spec']?.properties?.['nested']?.default, { a: 'x' });
});
