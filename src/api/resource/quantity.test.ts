import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, isQuantity, parseQuantity, quantityValue } from './quantity.js';

test('parseQuantity() reads binary, decimal and exponent suffixes', () => {
  assert.equal(quantityValue('1Gi'), 1073741824);
  assert.equal(quantityValue('10Mi'), 10485760);
  assert.equal(quantityValue('500m'), 0.5);
  assert.equal(quantityValue('2k'), 2000);
  assert.equal(quantityValue('1e3'), 1000);
  assert.equal(quantityValue(3), 3);
  assert.equal(compareQuantities('1Gi', '1024Mi'), 0);
  assert.equal(compareQuantities('2Gi', '1G'), 1);
  assert.equal(isQuantity('1Gb'), false);
  assert.throws(() => parseQuantity('abc'), SyntaxError);
});
