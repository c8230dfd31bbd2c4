import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../api/index.js';
import { parseListOptions, validateResourceVersionMatch } from './list-options.js';

const messages = (match: string, o: Parameters<typeof validateResourceVersionMatch>[1]): string[] => validateResourceVersionMatch(match, o).map((e) => `${e.field}: ${e.type}: ${e.detail ?? ''}`);

test('validateResourceVersionMatch: upstream ValidateListOptions', () => {
  const plain = { resourceVersion: '5', continued: false, watch: false };
  assert.deepEqual(messages('', { ...plain, resourceVersion: '' }), []);
  assert.deepEqual(messages('Exact', plain), []);
  assert.deepEqual(messages('NotOlderThan', { ...plain, resourceVersion: '0' }), []);
  assert.deepEqual(messages('Exact', { ...plain, resourceVersion: '' }), ['resourceVersionMatch: FieldValueForbidden: resourceVersionMatch is forbidden unless resourceVersion is provided']);
  assert.deepEqual(messages('Exact', { ...plain, resourceVersion: '0' }), ['resourceVersionMatch: FieldValueForbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"']);
  assert.deepEqual(messages('Exact', { ...plain, watch: true, continued: true }), ['resourceVersionMatch: FieldValueForbidden: resourceVersionMatch is forbidden for watch', 'resourceVersionMatch: FieldValueForbidden: resourceVersionMatch is forbidden when continue is provided']);
  assert.equal(messages('Newest', plain).length, 1);
});

test('parseListOptions: a bad resourceVersionMatch is a 422 on ListOptions.meta.k8s.io', () => {
  assert.throws(() => parseListOptions(new URLSearchParams('resourceVersionMatch=Exact')), (e: unknown) => isApiError(e) && e.code === 422
    && e.message === 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
});

test('parseListOptions: a resourceVersion beyond 64 bits is a 400', () => {
  assert.throws(() => parseListOptions(new URLSearchParams('resourceVersion=99999999999999999999')), (e: unknown) => isApiError(e) && e.code === 400);
  assert.equal(parseListOptions(new URLSearchParams('resourceVersion=18446744073709551615')).resourceVersion, '18446744073709551615');
});
