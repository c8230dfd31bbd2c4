import { test } from 'node:test';
import { assertErrors, assertValues } from './testing.js';

test('quantity library evaluates upstream examples', () => {
  assertValues([
    ['isQuantity("1.3G")', true],
    ['isQuantity("1.3Gi")', true],
    ['isQuantity("1,3Gi")', false],
    ['isQuantity("10000k")', true],
    ['isQuantity("200K")', false],
    ['quantity("50M").sign()', 1n],
    ['quantity("-50M").sign()', -1n],
    ['quantity("0").sign()', 0n],
    ['quantity("50k").isInteger()', true],
    ['quantity("9999999999999999999999999999999999999G").isInteger()', false],
    ['quantity("50.5").isInteger()', false],
    ['quantity("50k").asInteger()', 50000n],
    ['quantity("50k").asApproximateFloat()', 50000],
    ['quantity("1.5").asApproximateFloat()', 1.5],
    ['quantity("50k").add(quantity("20")) == quantity("50.02k")', true],
    ['quantity("50k").add(20) == quantity("50020")', true],
    ['quantity("50k").sub(quantity("20")) == quantity("49980")', true],
    ['quantity("50k").sub(20) == quantity("49980")', true],
    ['quantity("50k").add(quantity("-20")).isLessThan(quantity("50k"))', true],
    ['quantity("200M").compareTo(quantity("0.2G"))', 0n],
    ['quantity("50M").compareTo(quantity("50Mi"))', -1n],
    ['quantity("50Mi").compareTo(quantity("50M"))', 1n],
    ['quantity("50M").isGreaterThan(quantity("50Mi"))', false],
    ['quantity("1") == quantity("1000m")', true],
    ['quantity("1") != quantity("2")', true],
    ['type(quantity("1")) == type(quantity("2"))', true],
    ['[quantity("1")].indexOf(quantity("1000m"))', 0n],
  ]);
  assertErrors([
    ['quantity("200K")', "unable to parse quantity's suffix"],
    ['quantity("1,3Gi")', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['quantity("50.5").asInteger()', 'cannot convert value to integer'],
  ]);
});
