import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessModesString, containerCells, formatLabels, formatLabelSelector, joinWithMore, labelSelectorString, quantityString } from './cell-format.js';

test('formatLabels() sorts keys and prints <none> for an empty map', () => {
  assert.equal(formatLabels({ tier: 'db', app: 'web' }), 'app=web,tier=db');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

test('labelSelectorString() sorts requirements by key and values inside in/notin', () => {
  const sel = {
    matchLabels: { zone: 'a', app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'gpu', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' },
    ],
  };
  assert.equal(labelSelectorString(sel), 'app=web,env notin (dev),gpu,!legacy,tier in (a,b),zone=a');
  assert.equal(labelSelectorString({}), '');
  assert.equal(labelSelectorString(undefined), '');
  assert.equal(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), undefined);
  assert.equal(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), undefined);
});

test('formatLabelSelector() prints <none> for empty selectors and <error> for invalid ones', () => {
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), '<error>');
});

test('containerCells() joins names and images with commas', () => {
  assert.deepEqual(containerCells([{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }]), ['web,log', 'nginx:1.27,busybox']);
  assert.deepEqual(containerCells(undefined), ['', '']);
});

test('joinWithMore() shows the first items and counts the rest', () => {
  assert.equal(joinWithMore(['a', 'b', 'c'], 3), 'a,b,c');
  assert.equal(joinWithMore(['a', 'b', 'c', 'd', 'e'], 3), 'a,b,c + 2 more...');
  assert.equal(joinWithMore(['x', 'y', 'z'], 2, ', '), 'x, y + 1 more...');
});

test('quantityString() canonicalises quantities and prints 0 when missing', () => {
  assert.equal(quantityString('1Gi'), '1Gi');
  assert.equal(quantityString('1024Mi'), '1Gi');
  assert.equal(quantityString(undefined), '0');
});

test('accessModesString() abbreviates in upstream order without spaces', () => {
  assert.equal(accessModesString(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany']), 'RWO,ROX,RWX,RWOP');
  assert.equal(accessModesString(undefined), '');
});
