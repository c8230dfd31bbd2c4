import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { tolerates, untoleratedTaint } from './taints.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

test('tolerates() follows key, operator, value and effect', () => {
  assert.equal(tolerates({ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, unreachable), true);
  assert.equal(tolerates({ operator: 'Exists' }, unreachable), true);
  assert.equal(tolerates({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, unreachable), false);
  assert.equal(tolerates({ key: 'k', operator: 'Equal', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }), true);
  assert.equal(tolerates({ key: 'k', value: 'w' }, { key: 'k', value: 'v', effect: 'NoExecute' }), false);
  assert.equal(tolerates({ key: '', operator: 'Equal' }, unreachable), false);
});

test('untoleratedTaint() returns the first filtered taint nothing tolerates', () => {
  const taints: Taint[] = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'NoSchedule' }, unreachable];
  const noSchedule = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
  assert.deepEqual(untoleratedTaint(taints, [], noSchedule), taints[1]);
  assert.deepEqual(untoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }], noSchedule), unreachable);
  assert.equal(untoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }, { key: unreachable.key, operator: 'Exists' }], noSchedule), undefined);
  assert.equal(untoleratedTaint(undefined, [], noSchedule), undefined);
});
