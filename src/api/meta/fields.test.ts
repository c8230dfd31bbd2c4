import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFieldSelector, exactName, matchesFields, parseFieldSelector } from './fields.js';
import { ApiError } from '../errors.js';

test('parseFieldSelector() parses =, == and != terms with escapes, in any order', () => {
  const sel = parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded,metadata.name==a\\,b');
  assert.deepEqual(sel.requirements, [
    { field: 'spec.nodeName', operator: '=', value: 'n1' },
    { field: 'status.phase', operator: '!=', value: 'Succeeded' },
    { field: 'metadata.name', operator: '=', value: 'a,b' },
  ]);
  assert.equal(matchesFields(sel, { 'spec.nodeName': 'n1', 'status.phase': 'Running', 'metadata.name': 'a,b' }), true);
  assert.equal(matchesFields(sel, { 'spec.nodeName': 'n1', 'status.phase': 'Succeeded', 'metadata.name': 'a,b' }), false);
  assert.equal(exactName(sel), 'a,b');
});

test('checkFieldSelector() answers 400 "field label not supported" for unknown fields', () => {
  assert.throws(() => checkFieldSelector(parseFieldSelector('spec.bogus=1'), new Set(['metadata.name'])), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'field label not supported: spec.bogus');
  assert.throws(() => parseFieldSelector('noop'), (e: unknown) => e instanceof ApiError && e.code === 400);
});

test('parseFieldSelector: an unescaped = in a value is a 400, as upstream', () => {
  assert.throws(() => parseFieldSelector('metadata.name==='), /invalid field selector: unescaped character in value: =/);
  assert.deepEqual(parseFieldSelector('metadata.name=a\\=b').requirements, [{ field: 'metadata.name', operator: '=', value: 'a=b' }]);
});
