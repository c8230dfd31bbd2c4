import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../api/index.js';
import { decodeDocument, decodeObject, maxNestingDepth } from './body.js';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const is400 = (e: unknown): boolean => isApiError(e) && e.code === 400 && e.reason === 'BadRequest';

test('decodeObject() refuses JSON nested deeper than Go\'s limit with 400, and accepts it at the limit', () => {
  assert.throws(() => decodeObject(Buffer.from(`{"data":${nested(maxNestingDepth)}}`), 'application/json'), (e: unknown) => is400(e) && /exceeded max depth/.test((e as Error).message));
  assert.ok(decodeObject(Buffer.from(`{"data":${nested(maxNestingDepth - 1)}}`), 'application/json'));
  assert.throws(() => decodeDocument(Buffer.from(`{"a":${nested(100_000)}}`), 'application/merge-patch+json'), is400);
});

test('decodeObject() refuses YAML that is not JSON: collection keys, binary, self-referencing aliases, several documents', () => {
  for (const yaml of ['metadata:\n  ? [a, b]\n  : v\n', 'metadata: !!binary aGVsbG8=\n', 'data: &a {k: *a}\n', 'a: &a [*a]\n', 'a: 1\n---\nb: 2\n', '%YAML 9.9\n---\na: b\n', 'a: [unclosed\n']) {
    assert.throws(() => decodeObject(Buffer.from(yaml), 'application/yaml'), is400, yaml);
  }
  assert.throws(() => decodeObject(Buffer.from(`data: ${nested(maxNestingDepth + 1)}\n`), 'application/yaml'), is400);
});

test('decodeObject() converts YAML as sigs.k8s.io/yaml: scalar keys become strings, shared aliases expand', () => {
  const o = decodeObject(Buffer.from('metadata: &m {name: x}\nspec: {1: a, true: b, null: c, __proto__: d}\nother: *m\n'), 'application/yaml');
  assert.equal(JSON.stringify(o), '{"metadata":{"name":"x"},"spec":{"1":"a","true":"b","null":"c","__proto__":"d"},"other":{"name":"x"}}');
  assert.equal(Object.getPrototypeOf(o['spec']), Object.prototype);
});

test('decodeObject() answers 415 for a Content-Type that is not a media type, and reads a missing one as JSON', () => {
  assert.throws(() => decodeObject(Buffer.from('{}'), ';;;'), (e: unknown) => isApiError(e) && e.code === 415);
  assert.deepEqual(decodeObject(Buffer.from('{"a":1}'), undefined), { a: 1 });
});
