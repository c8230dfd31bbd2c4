import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuantity, compareQuantities, isQuantity, parseQuantity, quantityValue, tryParseQuantity } from './quantity.js';

test('parseQuantity() prints the upstream canonical form', () => {
  const cases: Array<[string | number, string]> = [
    ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['1536Ki', '1536Ki'], ['2048Ki', '2Mi'],
    ['512Ki', '512Ki'], ['0.5Ki', '512'], ['1023', '1023'], ['100Mi', '100Mi'], ['10Mi', '10Mi'],
    ['500m', '500m'], ['0.5', '500m'], ['1000m', '1'], ['1500m', '1500m'], ['100m', '100m'], ['0.1', '100m'],
    ['1', '1'], ['2000', '2k'], ['1500', '1500'], ['1k', '1k'], ['1M', '1M'], ['1G', '1G'], ['5G', '5G'], ['1000k', '1M'],
    ['1e3', '1e3'], ['1E3', '1e3'], ['1500e-3', '1500e-3'], ['0', '0'], ['0Gi', '0'], ['-1Gi', '-1Gi'], ['-500m', '-500m'],
    ['0.1n', '1n'], ['1.5n', '2n'], ['+1', '1'], ['1.', '1'], [3, '3'], [0.25, '250m'], ['1.1Gi', '1181116006400m'],
  ];
  for (const [input, want] of cases) assert.equal(parseQuantity(input).toString(), want, `parseQuantity(${JSON.stringify(input)})`);
});

test('parseQuantity() rejects malformed quantities with upstream reasons', () => {
  assert.throws(() => parseQuantity(''), /quantities must match the regular expression/);
  assert.throws(() => parseQuantity('abc'), SyntaxError);
  assert.throws(() => parseQuantity('1Gb'), /quantities must match the regular expression/);
  assert.throws(() => parseQuantity('1K'), /unable to parse quantity's suffix/);
  assert.throws(() => parseQuantity(' 1'), SyntaxError);
  assert.throws(() => parseQuantity('1e99999'), RangeError);
  assert.throws(() => parseQuantity(Number.NaN), RangeError);
});

test('quantityValue() and compareQuantities() work in base units', () => {
  assert.equal(quantityValue('1Gi'), 1073741824);
  assert.equal(quantityValue('10Mi'), 10485760);
  assert.equal(quantityValue('500m'), 0.5);
  assert.equal(quantityValue('2k'), 2000);
  assert.equal(quantityValue('1e3'), 1000);
  assert.equal(compareQuantities('1Gi', '1024Mi'), 0);
  assert.equal(compareQuantities('2Gi', '1G'), 1);
  assert.equal(compareQuantities('500m', '1'), -1);
  assert.equal(compareQuantities('1Gi', '1073741825'), -1);
});

test('isQuantity() and canonicalQuantity() accept strings and JSON numbers', () => {
  assert.equal(isQuantity('1Gi'), true);
  assert.equal(isQuantity(2), true);
  assert.equal(isQuantity('1Gb'), false);
  assert.equal(isQuantity({}), false);
  assert.equal(canonicalQuantity('2048Mi'), '2Gi');
  assert.equal(canonicalQuantity(1), '1');
  assert.equal(canonicalQuantity('bogus'), 'bogus');
});

test('Quantity.roundUp() drops precision below milli away from zero', () => {
  assert.equal(parseQuantity('0.1m').roundUp(3).toString(), '1m');
  assert.equal(parseQuantity('-0.1m').roundUp(3).toString(), '-1m');
  assert.equal(parseQuantity('1Gi').roundUp(3).toString(), '1Gi');
  assert.equal(parseQuantity('1500m').milliValue(), 1500n);
  assert.equal(parseQuantity('1.2').integerValue(), 2n);
  assert.equal(parseQuantity('1Gi').add(parseQuantity('1Gi')).toString(), '2Gi');
});

test('Quantity.add() gives a zero the format of what is added, as upstream', () => {
  assert.equal(parseQuantity('0').add(parseQuantity('100Mi')).toString(), '100Mi');
  assert.equal(parseQuantity('1Gi').add(parseQuantity('512Mi')).toString(), '1536Mi');
  assert.equal(parseQuantity('1').add(parseQuantity('500m')).toString(), '1500m');
});

test('tryParseQuantity() parses strings and JSON numbers and answers undefined for anything else', () => {
  assert.equal(tryParseQuantity('1Gi')?.toString(), '1Gi');
  assert.equal(tryParseQuantity(3)?.toString(), '3');
  for (const bad of ['1GB', '', undefined, null, {}, true]) assert.equal(tryParseQuantity(bad), undefined, String(bad));
});
