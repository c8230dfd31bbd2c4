import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupVersionOf, localAvailableCondition, withCondition } from './conditions.js';

test('withCondition() keeps lastTransitionTime while the status stays and moves it when it changes', () => {
  const before = [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'm1', lastTransitionTime: 't1' }];
  assert.deepEqual(withCondition(before, { type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: 'm2', lastTransitionTime: 't2' }),
    [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: 'm2', lastTransitionTime: 't1' }]);
  assert.deepEqual(withCondition(before, { type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: 't3' }),
    [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: 't3' }]);
  assert.deepEqual(withCondition(undefined, localAvailableCondition('t0')), [{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available', lastTransitionTime: 't0' }]);
  assert.equal(before[0]!.reason, 'MissingEndpoints', 'the input is not mutated');
});

test('groupVersionOf() splits at the first dot; v1. is the core group', () => {
  assert.deepEqual(groupVersionOf('v1beta1.metrics.k8s.io'), { group: 'metrics.k8s.io', version: 'v1beta1' });
  assert.deepEqual(groupVersionOf('v1.'), { group: '', version: 'v1' });
});
