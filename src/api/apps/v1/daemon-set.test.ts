import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { daemonSetRules, prepareDaemonSetForCreate, prepareDaemonSetForUpdate, templateGenerationAnnotation } from './daemon-set.js';

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

test('prepareDaemonSetForCreate/Update() keep the template generation: 1 at create, +1 per template change only', () => {
  const gen = (o: KubeObject): unknown => (o.metadata as { annotations?: Record<string, string> }).annotations?.[templateGenerationAnnotation];
  const created = defaulted();
  prepareDaemonSetForCreate(created);
  assert.equal(gen(created), '1');
  const sent = defaulted();
  (sent.metadata as Record<string, unknown>)['annotations'] = { [templateGenerationAnnotation]: '7', keep: 'me' };
  prepareDaemonSetForCreate(sent);
  assert.deepEqual((sent.metadata as Record<string, unknown>)['annotations'], { [templateGenerationAnnotation]: '7', keep: 'me' });
  const bogus = defaulted();
  (bogus.metadata as Record<string, unknown>)['annotations'] = { [templateGenerationAnnotation]: '0' };
  prepareDaemonSetForCreate(bogus);
  assert.equal(gen(bogus), '1');

  // A client cannot move it; a spec change outside the template leaves it; a template change bumps it.
  const noChange = structuredClone(created);
  (noChange.metadata as Record<string, unknown>)['annotations'] = { [templateGenerationAnnotation]: '42' };
  spec(noChange)['minReadySeconds'] = 5;
  prepareDaemonSetForUpdate(noChange, created);
  assert.equal(gen(noChange), '1');
  const image = structuredClone(noChange);
  ((spec(image)['template'] as { spec: { containers: { image: string }[] } }).spec.containers[0]!).image = 'agent:2';
  prepareDaemonSetForUpdate(image, noChange);
  assert.equal(gen(image), '2');
});
