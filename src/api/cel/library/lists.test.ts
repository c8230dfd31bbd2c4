import { test } from 'node:test';
import { assertCheckErrors, assertErrors, assertValues } from './testing.js';

test('lists library evaluates upstream examples', () => {
  assertValues([
    ['[1, 2, 3].isSorted()', true],
    ['[3, 1].isSorted()', false],
    ['["a", "b", "b"].isSorted()', true],
    ['[1u, 0u].isSorted()', false],
    ['[1.5, 2.5].isSorted()', true],
    ['[false, true].isSorted()', true],
    ['[b"a", b"b"].isSorted()', true],
    ['[duration("1s"), duration("1m")].isSorted()', true],
    ['[timestamp("2024-01-01T00:00:00Z"), timestamp("2023-01-01T00:00:00Z")].isSorted()', false],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.0].sum()', 3.5],
    ['[1u, 2u].sum() == 3u', true],
    ['[duration("1s"), duration("1m")].sum() == duration("61s")', true],
    ['[].sum() == 0', true],
    ['[3, 1, 2].min()', 1n],
    ['[3, 1, 2].max()', 3n],
    ['["b", "a"].min()', 'a'],
    ['[1, 2, 3, 2].indexOf(2)', 1n],
    ['[1, 2, 3, 2].lastIndexOf(2)', 3n],
    ['["a"].indexOf("z")', -1n],
    ['[[1], [2]].indexOf([2])', 1n],
  ]);
});

test('lists library errors as upstream', () => {
  assertErrors([
    ['[].min()', 'min called on empty list'],
    ['[].max()', 'max called on empty list'],
  ]);
  assertCheckErrors([['[{"a": 1}].min()', 'found no matching overload']]);
});
