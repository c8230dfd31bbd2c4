// Tables for the completion-index intervals: parsing (with upstream's tolerance), printing, merging, pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPendingIndexes, formatIndexes, hasIndex, mergeIntervals, parseIndexes, totalIndexes, withIndexes } from './indexes.js';

const parseRows: { text: string; completions: number; want: [number, number][] }[] = [
  { text: '', completions: 5, want: [] },
  { text: '0', completions: 5, want: [[0, 0]] },
  { text: '0-2,4', completions: 5, want: [[0, 2], [4, 4]] },
  { text: '0-2,3', completions: 5, want: [[0, 3]] },
  { text: '1,3-9', completions: 5, want: [[1, 1], [3, 4]] },
  { text: '7,8', completions: 5, want: [] },
  { text: 'x,2,a-b,3-1,4', completions: 5, want: [[2, 2], [4, 4]] },
  { text: '3,1', completions: 5, want: [[3, 3]] },
];
for (const r of parseRows) {
  test(`parseIndexes() reads "${r.text}" below ${r.completions}`, () => assert.deepEqual(parseIndexes(r.text, r.completions), r.want));
}

test('formatIndexes() prints single indexes and ranges; totalIndexes() and hasIndex() read them', () => {
  const iv = parseIndexes('0-2,5,7-9', 10);
  assert.equal(formatIndexes(iv), '0-2,5,7-9');
  assert.equal(totalIndexes(iv), 7);
  assert.equal(hasIndex(iv, 5), true);
  assert.equal(hasIndex(iv, 6), false);
});

test('withIndexes() and mergeIntervals() join adjacent and overlapping intervals', () => {
  assert.equal(formatIndexes(withIndexes(parseIndexes('0-2,5', 10), [4, 3, 3, 9])), '0-5,9');
  assert.equal(formatIndexes(mergeIntervals(parseIndexes('0,4-6', 10), parseIndexes('1-2,6-8', 10))), '0-2,4-8');
});

const pendingRows: { taken: string; count: number; completions: number; want: number[] }[] = [
  { taken: '', count: 3, completions: 5, want: [0, 1, 2] },
  { taken: '0-1,3', count: 5, completions: 6, want: [2, 4, 5] },
  { taken: '0-4', count: 2, completions: 5, want: [] },
  { taken: '1', count: 1, completions: 5, want: [0] },
  { taken: '2', count: 0, completions: 5, want: [] },
];
for (const r of pendingRows) {
  test(`firstPendingIndexes() takes ${r.count} of ${r.completions} around "${r.taken}"`, () => {
    assert.deepEqual(firstPendingIndexes(parseIndexes(r.taken, r.completions), r.count, r.completions), r.want);
  });
}
