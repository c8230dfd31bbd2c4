import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { controllerRevisionRules } from './controller-revision.js';

const rev: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-7b9c8d', namespace: 'default' }, data: { spec: { template: {} } }, revision: 1 };

test('controllerRevisionRules.validate() requires data and a non-negative revision', () => {
  assert.deepEqual(controllerRevisionRules.validate?.(rev), []);
  const { data: _d, ...noData } = rev;
  assert.deepEqual((controllerRevisionRules.validate?.({ ...noData, revision: -1 }) ?? []).map(errorString), [
    'data: Required value: data is mandatory',
    'revision: Invalid value: -1: must be greater than or equal to 0',
  ]);
});

test('controllerRevisionRules.validateUpdate() keeps data immutable', () => {
  assert.deepEqual(controllerRevisionRules.validateUpdate?.({ ...rev, metadata: { ...rev.metadata, labels: { a: 'b' } } }, rev), []);
  assert.deepEqual((controllerRevisionRules.validateUpdate?.({ ...rev, data: { x: 1 } }, rev) ?? []).map(errorString), ['data: Invalid value: {"x":1}: field is immutable']);
});
