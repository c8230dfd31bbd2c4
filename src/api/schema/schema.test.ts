import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchMetaFor, pruneUnknownFields, unknownFields, definitionName } from './index.js';

test('patchMetaFor() exposes upstream merge keys and strategies', () => {
  const spec = patchMetaFor('', 'v1', 'Pod').field('spec');
  const containers = spec?.field('containers');
  assert.deepEqual([containers?.kind, containers?.strategy, containers?.mergeKey], ['list', 'merge', 'name']);
  assert.equal(spec?.field('volumes')?.strategy, 'merge,retainKeys');
  assert.equal(containers?.elem()?.field('ports')?.mergeKey, 'containerPort');
  assert.equal(patchMetaFor('', 'v1', 'Pod').field('metadata')?.field('labels')?.kind, 'map');
});

test('unknownFields() reports paths as strict decoding does; pruneUnknownFields() removes them', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { anything: 'ok' } }, spec: { foo: 1, containers: [{ name: 'c', image: 'i', bogus: true }] } };
  assert.deepEqual(unknownFields(pod, '', 'v1', 'Pod'), ['spec.foo', 'spec.containers[0].bogus']);
  assert.deepEqual(pruneUnknownFields(pod, '', 'v1', 'Pod'), ['spec.foo', 'spec.containers[0].bogus']);
  assert.deepEqual(pod.spec, { containers: [{ name: 'c', image: 'i' }] });
  assert.equal(definitionName('apps', 'v1', 'StatefulSet'), 'io.k8s.api.v1.StatefulSet');
});
