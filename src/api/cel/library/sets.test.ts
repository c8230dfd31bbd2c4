import { test } from 'node:test';
import { assertValues } from './testing.js';

test('sets library evaluates cel-go examples', () => {
  assertValues([
    ['sets.contains([], [])', true],
    ['sets.contains([1, 2, 3, 4], [2, 3])', true],
    ['sets.contains([1, 2, 3], [4])', false],
    ['sets.contains([[1], [2]], [[2]])', true],
    ['sets.equivalent([1, 2, 3], [3, 2, 1, 1])', true],
    ['sets.equivalent([1, 2], [1, 2, 3])', false],
    ['sets.intersects([1], [1, 2])', true],
    ['sets.intersects([1], [2])', false],
    ['sets.intersects([], [])', false],
    ['sets.contains(["a", "b"], ["b"])', true],
  ]);
});
