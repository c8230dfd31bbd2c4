import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callCost } from './cost.js';

const r = (min: number, max: number) => ({ min, max });

test('callCost() applies upstream estimator factors', () => {
  const cases: Array<[string, Parameters<typeof callCost>[1], ReturnType<typeof callCost>]> = [
    ['isSorted', { target: r(0, 10), args: [], targetIsList: true }, r(0, 10)],
    ['min', { target: r(0, 10), args: [], targetIsList: true, stringElementSize: r(0, 100) }, r(0, 110)],
    ['indexOf', { target: r(0, 100), args: [r(1, 1)] }, r(0, 10)],
    ['url', { args: [r(0, 100)] }, r(0, 10)],
    ['lowerAscii', { target: r(5, 55), args: [] }, r(1, 6)],
    ['replace', { target: r(0, 100), args: [r(1, 1), r(1, 1)] }, r(0, 20)],
    ['find', { target: r(0, 99), args: [r(8, 8)] }, r(2, 20)],
    ['matches', { args: [r(0, 99), r(8, 8)] }, r(2, 20)],
    ['containsIP', { target: r(1, 1), args: [r(0, 40)], argKind: 'string' }, r(1, 8)],
    ['containsCIDR', { target: r(1, 1), args: [r(0, 0)] }, r(3, 7)],
    ['sign', { target: r(1, 1), args: [] }, r(1, 1)],
    ['size', { target: r(1, 1), args: [] }, undefined],
  ];
  for (const [name, shape, want] of cases) assert.deepEqual(callCost(name, shape), want, name);
  assert.equal(callCost('trim', { target: r(0, Infinity), args: [] })?.max, Infinity);
});
