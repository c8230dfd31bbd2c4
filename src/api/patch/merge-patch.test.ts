import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { applyMergePatch } from './merge-patch.js';
import { deepFreeze } from './testing.js';

const cases: { name: string; doc: unknown; patch: unknown; want: unknown }[] = [
  { name: 'merges nested objects', doc: { spec: { template: { metadata: { labels: { a: '1' } } }, replicas: 1 } }, patch: { spec: { template: { metadata: { labels: { b: '2' } } } } }, want: { spec: { template: { metadata: { labels: { a: '1', b: '2' } } }, replicas: 1 } } },
  { name: 'deletes a key on null', doc: { metadata: { labels: { a: '1', b: '2' } } }, patch: { metadata: { labels: { b: null } } }, want: { metadata: { labels: { a: '1' } } } },
  { name: 'ignores null for a missing key', doc: { a: 1 }, patch: { b: null }, want: { a: 1 } },
  { name: 'replaces lists whole', doc: { l: [{ name: 'a', x: 1 }, { name: 'b' }] }, patch: { l: [{ name: 'a' }] }, want: { l: [{ name: 'a' }] } },
  { name: 'replaces a scalar with an object and drops nulls inside it', doc: { a: 1 }, patch: { a: { b: 2, c: null } }, want: { a: { b: 2 } } },
  { name: 'replaces an object with a scalar', doc: { a: { b: 2 } }, patch: { a: 'x' }, want: { a: 'x' } },
  { name: 'replaces the document with a non-object patch', doc: { a: 1 }, patch: ['x'], want: ['x'] },
  { name: 'merges into a non-object document', doc: 'str', patch: { a: 1 }, want: { a: 1 } },
  { name: 'treats $-keys as ordinary data', doc: { a: 1 }, patch: { $patch: 'delete' }, want: { a: 1, $patch: 'delete' } },
];

for (const c of cases) {
  test(`applyMergePatch() ${c.name}`, () => {
    assert.deepEqual(applyMergePatch(deepFreeze(structuredClone(c.doc)), deepFreeze(structuredClone(c.patch))), c.want);
  });
}

test('applyMergePatch() rejects a null patch with 400', () => {
  assert.throws(() => applyMergePatch({ a: 1 }, null), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'Invalid JSON Patch');
});

test('applyMergePatch() returns a result that does not share objects with the input', () => {
  const doc = { a: { b: 1 }, c: { d: 2 } };
  const out = applyMergePatch(doc, { a: { e: 3 } }) as { c: { d: number } };
  out.c.d = 9;
  assert.equal(doc.c.d, 2);
});
