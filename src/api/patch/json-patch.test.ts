import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { applyJsonPatch, maxJsonPatchOperations } from './json-patch.js';
import { deepFreeze } from './testing.js';

const doc = { metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'x', 'c~d': 'y' } }, spec: { args: ['a', 'b'] } };

const ok: { name: string; ops: unknown; want: unknown }[] = [
  { name: 'add sets a new key', ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }], want: { ...doc, metadata: { ...doc.metadata, labels: { app: 'web', tier: 'fe' } } } },
  { name: 'add replaces an existing key', ops: [{ op: 'add', path: '/metadata/name', value: 'api' }], want: { ...doc, metadata: { ...doc.metadata, name: 'api' } } },
  { name: 'add with - appends', ops: [{ op: 'add', path: '/spec/args/-', value: 'c' }], want: { ...doc, spec: { args: ['a', 'b', 'c'] } } },
  { name: 'add at an index inserts', ops: [{ op: 'add', path: '/spec/args/0', value: 'z' }], want: { ...doc, spec: { args: ['z', 'a', 'b'] } } },
  { name: 'add at the length appends', ops: [{ op: 'add', path: '/spec/args/2', value: 'c' }], want: { ...doc, spec: { args: ['a', 'b', 'c'] } } },
  { name: 'remove deletes a key', ops: [{ op: 'remove', path: '/metadata/labels/app' }], want: { ...doc, metadata: { ...doc.metadata, labels: {} } } },
  { name: 'remove deletes an element', ops: [{ op: 'remove', path: '/spec/args/0' }], want: { ...doc, spec: { args: ['b'] } } },
  { name: 'replace swaps a value', ops: [{ op: 'replace', path: '/spec/args/1', value: 'q' }], want: { ...doc, spec: { args: ['a', 'q'] } } },
  { name: 'replace with an empty path replaces the document', ops: [{ op: 'replace', path: '', value: { x: 1 } }], want: { x: 1 } },
  { name: '~1 and ~0 unescape', ops: [{ op: 'remove', path: '/metadata/annotations/a~1b' }, { op: 'replace', path: '/metadata/annotations/c~0d', value: 'z' }], want: { ...doc, metadata: { ...doc.metadata, annotations: { 'c~d': 'z' } } } },
  { name: 'move relocates a value', ops: [{ op: 'move', from: '/metadata/labels', path: '/spec/labels' }], want: { metadata: { name: 'web', annotations: doc.metadata.annotations }, spec: { args: ['a', 'b'], labels: { app: 'web' } } } },
  { name: 'copy duplicates a value', ops: [{ op: 'copy', from: '/spec/args/0', path: '/spec/args/-' }], want: { ...doc, spec: { args: ['a', 'b', 'a'] } } },
  { name: 'test passes on an equal value then later ops apply', ops: [{ op: 'test', path: '/metadata/labels', value: { app: 'web' } }, { op: 'remove', path: '/spec' }], want: { metadata: doc.metadata } },
  { name: 'test of a missing value against null passes', ops: [{ op: 'test', path: '/metadata/uid', value: null }], want: doc },
  { name: 'a null body is an empty patch', ops: null, want: doc },
];

for (const c of ok) {
  test(`applyJsonPatch() ${c.name}`, () => {
    assert.deepEqual(applyJsonPatch(deepFreeze(structuredClone(doc)), deepFreeze(c.ops)), c.want);
  });
}

const failing: { name: string; ops: unknown; code: number; message?: RegExp }[] = [
  { name: 'rejects a body that is not a list with 400', ops: { op: 'add' }, code: 400, message: /cannot unmarshal object into Go value of type jsonpatch.Patch/ },
  { name: 'rejects an operation that is not an object with 400', ops: ['add'], code: 400 },
  { name: 'fails a test op with 422', ops: [{ op: 'test', path: '/metadata/name', value: 'other' }], code: 422, message: /^the server rejected our request due to an error in our request$/ },
  { name: 'fails remove of a missing key with 422', ops: [{ op: 'remove', path: '/metadata/zz' }], code: 422 },
  { name: 'fails replace of a missing key with 422', ops: [{ op: 'replace', path: '/metadata/zz', value: 1 }], code: 422 },
  { name: 'fails add under a missing parent with 422', ops: [{ op: 'add', path: '/status/phase', value: 'x' }], code: 422 },
  { name: 'fails add beyond the end of a list with 422', ops: [{ op: 'add', path: '/spec/args/5', value: 'x' }], code: 422 },
  { name: 'fails remove with - with 422', ops: [{ op: 'remove', path: '/spec/args/-' }], code: 422 },
  { name: 'fails an unknown op with 422', ops: [{ op: 'frobnicate', path: '/x' }], code: 422 },
  { name: 'fails an op without path with 422', ops: [{ op: 'remove' }], code: 422 },
  { name: 'fails move into its own child with 422', ops: [{ op: 'move', from: '/metadata', path: '/metadata/x' }], code: 422 },
  { name: 'rejects too many operations with 413', ops: Array.from({ length: maxJsonPatchOperations + 1 }, () => ({ op: 'test', path: '' })), code: 413 },
];

for (const c of failing) {
  test(`applyJsonPatch() ${c.name}`, () => {
    assert.throws(() => applyJsonPatch(doc, c.ops), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, c.code);
      if (c.message) assert.match(e.message, c.message);
      return true;
    });
  });
}

test('applyJsonPatch() leaves the document unchanged when a later op fails', () => {
  const input = structuredClone(doc);
  assert.throws(() => applyJsonPatch(input, [{ op: 'remove', path: '/spec' }, { op: 'test', path: '/x', value: 1 }]));
  assert.deepEqual(input, doc);
});
