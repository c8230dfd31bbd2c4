import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchMetaFor } from './index.js';
import { unknownMeta } from '../patch/patch-meta.js';

test('patchMetaFor() gives Pod containers a merge strategy keyed by name', () => {
  const containers = patchMetaFor('', 'v1', 'Pod').field('spec')?.field('containers');
  assert.deepEqual(
    [containers?.kind, containers?.strategy, containers?.mergeKey, containers?.listType, containers?.listMapKeys],
    ['list', 'merge', 'name', 'map', ['name']],
  );
  assert.equal(containers?.elem()?.kind, 'struct');
  assert.equal(containers?.elem()?.field('ports')?.mergeKey, 'containerPort');
  assert.equal(containers?.elem()?.field('env')?.mergeKey, 'name');
  assert.equal(containers?.elem()?.field('volumeMounts')?.mergeKey, 'mountPath');
});

test('patchMetaFor() gives Pod volumes merge,retainKeys and leaves tolerations atomic', () => {
  const spec = patchMetaFor('', 'v1', 'Pod').field('spec');
  assert.equal(spec?.field('volumes')?.strategy, 'merge,retainKeys');
  assert.deepEqual([spec?.field('tolerations')?.kind, spec?.field('tolerations')?.strategy, spec?.field('tolerations')?.listType], ['list', undefined, 'atomic']);
});

test('patchMetaFor() classifies maps, scalars and atomic structs', () => {
  const pod = patchMetaFor('', 'v1', 'Pod');
  const metadata = pod.field('metadata');
  assert.equal(metadata?.kind, 'struct');
  assert.deepEqual([metadata?.field('labels')?.kind, metadata?.field('labels')?.elem()?.kind], ['map', 'scalar']);
  assert.deepEqual([metadata?.field('finalizers')?.strategy, metadata?.field('finalizers')?.listType], ['merge', 'set']);
  assert.equal(metadata?.field('ownerReferences')?.mergeKey, 'uid');
  assert.equal(metadata?.field('creationTimestamp')?.kind, 'scalar');
  assert.equal(metadata?.field('nope'), undefined);
  const container = pod.field('spec')?.field('containers')?.elem();
  assert.equal(container?.field('resources')?.field('limits')?.elem()?.kind, 'scalar');
  assert.equal(container?.field('image')?.kind, 'scalar');
  assert.equal(pod.field('spec')?.field('nodeSelector')?.mapType, 'atomic');
  const sts = patchMetaFor('apps', 'v1', 'StatefulSet');
  assert.equal(sts.field('spec')?.field('selector')?.mapType, 'atomic');
  assert.equal(sts.field('spec')?.field('template')?.field('spec')?.field('containers')?.mergeKey, 'name');
  assert.equal(patchMetaFor('apps', 'v1', 'ControllerRevision').field('data')?.kind, 'scalar');
  assert.equal(patchMetaFor('apps', 'v1', 'Deployment').field('spec')?.field('strategy')?.kind, 'struct');
});

test('patchMetaFor() caches per definition and falls back to unknownMeta', () => {
  assert.equal(patchMetaFor('', 'v1', 'Pod'), patchMetaFor('', 'v1', 'Pod'));
  const a = patchMetaFor('apps', 'v1', 'StatefulSet').field('spec')?.field('template')?.field('spec');
  const b = patchMetaFor('apps', 'v1', 'Deployment').field('spec')?.field('template')?.field('spec');
  assert.equal(a, b);
  assert.equal(patchMetaFor('example.com', 'v1', 'Widget'), unknownMeta);
});
