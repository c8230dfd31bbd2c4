import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { replicaSetRules } from './replica-set.js';

const rs: KubeObject = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
};
const defaulted = (): KubeObject => {
  const c = structuredClone(rs);
  replicaSetRules.defaults?.(c);
  return c;
};

test('replicaSetRules.defaults() sets replicas 1', () => {
  assert.equal((defaulted()['spec'] as Record<string, unknown>)['replicas'], 1);
});

test('replicaSetRules.validate() accepts a valid ReplicaSet and reports a selector mismatch', () => {
  assert.deepEqual(replicaSetRules.validate?.(defaulted()), []);
  const bad = defaulted();
  (bad['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { app: 'api' } };
  assert.deepEqual((replicaSetRules.validate?.(bad) ?? []).map(errorString), ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']);
});

test('replicaSetRules.validateStatusUpdate() says readyReplicas without the status prefix', () => {
  const next = { ...defaulted(), status: { replicas: 2, readyReplicas: 1, availableReplicas: 2 } };
  assert.deepEqual((replicaSetRules.validateStatusUpdate?.(next, defaulted()) ?? []).map(errorString), ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas']);
});
