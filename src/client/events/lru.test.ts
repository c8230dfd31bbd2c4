import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruMap } from './lru.js';

test('LruMap.set() forgets the least recently used entry beyond maxEntries', () => {
  const m = new LruMap<string, number>({ maxEntries: 2 });
  m.set('a', 1);
  m.set('b', 2);
  assert.equal(m.get('a'), 1);
  m.set('c', 3);
  assert.deepEqual([m.get('a'), m.get('b'), m.get('c'), m.size], [1, undefined, 3, 2]);
});

test('LruMap() rejects a capacity that is not a positive integer', () => {
  assert.throws(() => new LruMap({ maxEntries: 0 }), RangeError);
});
