import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaledValueFromIntOrPercent } from './int-or-percent.js';

test('scaledValueFromIntOrPercent() scales percents against the total, rounding as asked', () => {
  assert.equal(scaledValueFromIntOrPercent('25%', 10, true), 3);
  assert.equal(scaledValueFromIntOrPercent('25%', 10, false), 2);
  assert.equal(scaledValueFromIntOrPercent('10%', 1000, true), 100);
  assert.equal(scaledValueFromIntOrPercent('1%', 3, true), 1);
  assert.equal(scaledValueFromIntOrPercent('1%', 3, false), 0);
  assert.equal(scaledValueFromIntOrPercent(2, 10, true), 2);
  assert.equal(scaledValueFromIntOrPercent('0%', 10, true), 0);
});
