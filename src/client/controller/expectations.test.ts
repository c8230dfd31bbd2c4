// The expectations bookkeeping: creations and deletions observed, the timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations, expectationsTimeoutMs } from './expectations.js';

const NOW = Date.parse('2026-01-01T01:00:00Z');

test('Expectations: satisfied after the informer saw every creation and deletion, or after the timeout', () => {
  const e = new Expectations();
  assert.equal(e.satisfied('ns/rs', NOW), true);
  e.expect('ns/rs', 2, ['ns/p1'], NOW);
  assert.equal(e.satisfied('ns/rs', NOW), false);
  e.creationObserved('ns/rs');
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs', NOW), false);
  e.deletionObserved('ns/rs', 'ns/p1');
  assert.equal(e.satisfied('ns/rs', NOW), true);
  e.expect('ns/rs', 1, [], NOW);
  assert.equal(e.satisfied('ns/rs', NOW + expectationsTimeoutMs + 1), true);
});
