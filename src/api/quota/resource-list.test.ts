import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLists, exceededNames, formatResourceList, listsEqual, maskList, negativeNames, parseResourceList, prettyPrint, removeZeros, subtractNonNegative } from './resource-list.js';

const l = (o: Record<string, string>) => parseResourceList(o);

test('parseResourceList() keeps quantities and drops what does not parse', () => {
  assert.deepEqual(formatResourceList(parseResourceList({ cpu: '1500m', memory: '1024Mi', bad: 'x', n: 3 })), { cpu: '1500m', memory: '1Gi', n: '3' });
  assert.deepEqual(parseResourceList(undefined), {});
});

test('addLists() sums over the union of names in canonical form', () => {
  assert.deepEqual(formatResourceList(addLists(l({ cpu: '500m', pods: '1' }), l({ cpu: '1300m', memory: '512Mi' }))), { cpu: '1800m', pods: '1', memory: '512Mi' });
  assert.deepEqual(formatResourceList(addLists(l({ memory: '1Gi' }), l({ memory: '512Mi' }))), { memory: '1536Mi' });
});

test('subtractNonNegative() clamps at zero and keeps names of both lists', () => {
  assert.deepEqual(formatResourceList(subtractNonNegative(l({ cpu: '1', pods: '1' }), l({ cpu: '1500m', memory: '1Gi' }))), { cpu: '0', pods: '1', memory: '0' });
});

test('maskList(), removeZeros() and negativeNames() select entries', () => {
  assert.deepEqual(formatResourceList(maskList(l({ cpu: '1', pods: '2' }), ['pods', 'secrets'])), { pods: '2' });
  assert.deepEqual(formatResourceList(removeZeros(l({ cpu: '0', pods: '2' }))), { pods: '2' });
  assert.deepEqual(negativeNames(l({ cpu: '-1', pods: '2' })), ['cpu']);
});

test('exceededNames() reports the names of b that a exceeds, ignoring names a lacks', () => {
  assert.deepEqual(exceededNames(l({ cpu: '2100m', pods: '3' }), l({ cpu: '2', pods: '3', memory: '1Gi' })), ['cpu']);
  assert.deepEqual(exceededNames(l({ cpu: '2' }), l({ cpu: '2000m' })), []);
});

test('listsEqual() compares quantities, not spellings', () => {
  assert.equal(listsEqual(l({ cpu: '1', memory: '1024Mi' }), l({ cpu: '1000m', memory: '1Gi' })), true);
  assert.equal(listsEqual(l({ cpu: '1' }), l({ cpu: '1', pods: '0' })), false);
});

test('prettyPrint() sorts by name as upstream messages do', () => {
  assert.equal(prettyPrint(l({ 'requests.memory': '1Gi', 'requests.cpu': '500m' })), 'requests.cpu=500m,requests.memory=1Gi');
});
