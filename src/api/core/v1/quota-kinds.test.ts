import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitRangeRules } from './quota-kinds.js';

test('limitRangeRules.defaults() fills Container defaults from max, default requests from default then min', () => {
  const lr = { metadata: { name: 'lr' }, spec: { limits: [
    { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m', 'ephemeral-storage': '1Mi' }, default: { memory: '512Mi' } },
    { type: 'Pod', max: { cpu: '4' } },
  ] } };
  limitRangeRules.defaults!(lr);
  assert.deepEqual(lr.spec.limits, [
    {
      type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m', 'ephemeral-storage': '1Mi' },
      default: { memory: '512Mi', cpu: '2' }, defaultRequest: { memory: '512Mi', cpu: '2', 'ephemeral-storage': '1Mi' },
    },
    { type: 'Pod', max: { cpu: '4' } },
  ]);
});

test('limitRangeRules.defaults() writes canonical quantities and adds nothing to an item without bounds', () => {
  const lr = { metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { memory: '1024Mi', cpu: '0.5' } }, { type: 'Container' }] } };
  limitRangeRules.defaults!(lr);
  assert.deepEqual(lr.spec.limits, [{ type: 'Container', default: { memory: '1Gi', cpu: '500m' }, defaultRequest: { memory: '1Gi', cpu: '500m' } }, { type: 'Container' }]);
});
