import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { daemonSetRules } from './daemon-set.js';

const ds: KubeObject = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'agent:1' }] } } },
};
const defaulted = (strategy?: unknown): KubeObject => {
  const c = structuredClone(ds);
  if (strategy !== undefined) (c['spec'] as Record<string, unknown>)['updateStrategy'] = strategy;
  daemonSetRules.defaults?.(c);
  return c;
};
const spec = (o: KubeObject): Record<string, unknown> => o['spec'] as Record<string, unknown>;

test('daemonSetRules.defaults() applies RollingUpdate maxUnavailable 1 / maxSurge 0 and revisionHistoryLimit 10', () => {
  const o = defaulted();
  assert.deepEqual([spec(o)['updateStrategy'], spec(o)['revisionHistoryLimit']], [{ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, 10]);
  assert.deepEqual(spec(defaulted({ type: 'OnDelete' }))['updateStrategy'], { type: 'OnDelete' });
});

test('daemonSetRules.validate() rejects surge together with unavailability and both zero', () => {
  assert.deepEqual(daemonSetRules.validate?.(defaulted()), []);
  const both = defaulted({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } });
  assert.deepEqual((daemonSetRules.validate?.(both) ?? []).map(errorString), ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']);
  const none = defaulted({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } });
  assert.deepEqual((daemonSetRules.validate?.(none) ?? []).map(errorString), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
  const bad = defaulted({ type: 'Blue' });
  assert.deepEqual((daemonSetRules.validate?.(bad) ?? []).map(errorString), ['spec.updateStrategy: Unsupported value: {"type":"Blue"}: supported values: "RollingUpdate", "OnDelete"']);
});
