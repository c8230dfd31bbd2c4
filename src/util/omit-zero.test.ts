import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutZeros } from './omit-zero.js';

test('withoutZeros() drops only the named fields that are zero or absent', () => {
  assert.deepEqual(withoutZeros({ replicas: 0, readyReplicas: 0, availableReplicas: 2, observedGeneration: undefined as number | undefined }, ['readyReplicas', 'availableReplicas', 'observedGeneration']), { replicas: 0, availableReplicas: 2 });
});
