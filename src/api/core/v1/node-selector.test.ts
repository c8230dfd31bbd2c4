import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeSelectorMatches } from './node-selector.js';

const node = { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', zone: 'a', cpus: '8' } };

test('nodeSelectorMatches() ORs terms and ANDs requirements', () => {
  const sel = (terms: object[]): Parameters<typeof nodeSelectorMatches>[0] => ({ nodeSelectorTerms: terms }) as Parameters<typeof nodeSelectorMatches>[0];
  assert.equal(nodeSelectorMatches(undefined, node), true);
  assert.equal(nodeSelectorMatches(sel([]), node), false);
  assert.equal(nodeSelectorMatches(sel([{}]), node), false);
  assert.equal(nodeSelectorMatches(sel([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }]), node), true);
  assert.equal(nodeSelectorMatches(sel([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }]), node), false);
  assert.equal(nodeSelectorMatches(sel([
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
    { matchExpressions: [{ key: 'zone', operator: 'Exists' }, { key: 'gpu', operator: 'DoesNotExist' }] },
  ]), node), true);
  assert.equal(nodeSelectorMatches(sel([{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }]), node), false);
  assert.equal(nodeSelectorMatches(sel([{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }]), node), true);
  assert.equal(nodeSelectorMatches(sel([{ matchExpressions: [{ key: 'cpus', operator: 'Lt', values: ['4'] }] }]), node), false);
  assert.equal(nodeSelectorMatches(sel([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }]), node), true);
  assert.equal(nodeSelectorMatches(sel([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }]), node), false);
});
