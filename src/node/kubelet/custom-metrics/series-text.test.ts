import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSampleValue, parseSeries, parseTimestampMs, seriesKey } from './series-text.js';

test('parseSeries() reads a name with or without labels, blanks around', () => {
  assert.deepEqual([parseSeries('requests'), parseSeries(' requests{path="/api", code="2\\"00"} ')], [
    { name: 'requests', labels: {} }, { name: 'requests', labels: { path: '/api', code: '2"00' } },
  ]);
  assert.throws(() => parseSeries('requests extra'), /expected the end of the series, found "extra"/);
  assert.throws(() => parseSeries('{a="b"}'), /expected a metric name/);
});

test('parseSampleValue() reads what Go\'s ParseFloat reads of decimals and the special values, nothing else', () => {
  assert.deepEqual(['1', '-1.5e3', '+.5', 'NaN', 'nan', '+Inf', '-inf', 'Infinity'].map(parseSampleValue), [1, -1500, 0.5, NaN, NaN, Infinity, -Infinity, Infinity]);
  assert.deepEqual(['', ' 1', '0x1f', '1_000', '-NaN', 'Inf1', '1e', 'e1', '.'].map(parseSampleValue), Array(9).fill(undefined));
});

test('parseTimestampMs() reads integer milliseconds only', () => {
  assert.deepEqual(['0', '-5', '1714557600000', '1.0', '1e3', '99999999999999999999'].map(parseTimestampMs), [0, -5, 1714557600000, undefined, undefined, undefined]);
});

test('seriesKey() ignores label order and tells label sets apart', () => {
  assert.equal(seriesKey('a', { x: '1', y: '2' }), seriesKey('a', { y: '2', x: '1' }));
  assert.notEqual(seriesKey('a', { x: '1' }), seriesKey('a', { x: '2' }));
  assert.notEqual(seriesKey('a', {}), seriesKey('b', {}));
});
