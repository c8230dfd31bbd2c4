import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchTypeFromContentType } from './index.js';

const cases: [string, string | undefined][] = [
  ['application/json-patch+json', 'json'],
  ['application/merge-patch+json', 'merge'],
  ['application/strategic-merge-patch+json', 'strategic'],
  ['application/apply-patch+yaml', 'apply'],
  ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
  ['Application/Merge-Patch+JSON', 'merge'],
  ['application/apply-patch+cbor', undefined],
  ['application/json', undefined],
  ['', undefined],
];

for (const [ct, want] of cases) {
  test(`patchTypeFromContentType() maps "${ct}" to ${String(want)}`, () => {
    assert.equal(patchTypeFromContentType(ct), want);
  });
}
