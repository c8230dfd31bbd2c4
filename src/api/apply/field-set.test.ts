import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet } from './field-set.js';
import { fieldSetOf } from './to-field-set.js';
import { compareObjects } from './compare.js';
import { describePath, PathError } from './path.js';
import { unknownMeta } from '../patch/patch-meta.js';
import { deployment, deploymentMeta } from './testing.js';

test('fieldSetOf() gives upstream fieldsV1 for an applied Deployment', () => {
  const d = deployment({ replicas: 2, labels: { app: 'web' } });
  const f = fieldSetOf({ ...d, status: { replicas: 1 } }, deploymentMeta).toFieldsV1();
  assert.deepEqual(f, {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
      },
    },
  });
  assert.deepEqual(Object.keys(f['f:spec'] ?? {}), ['f:replicas', 'f:selector', 'f:template']);
});

test('fieldSetOf() keys merge-key lists like upstream (containerPort+protocol, default TCP) and sets by value', () => {
  const obj = {
    metadata: { finalizers: ['a', 'b'] },
    spec: { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], env: [{ name: 'X', value: '1' }] }] } } },
  };
  const f = fieldSetOf(obj, deploymentMeta).toFieldsV1();
  assert.deepEqual(f['f:metadata'], { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } });
  const c = f['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.['k:{"name":"c"}'];
  assert.deepEqual(c, {
    '.': {},
    'f:env': { 'k:{"name":"X"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
    'f:name': {},
    'f:ports': {
      'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
    },
  });
});

test('fieldSetOf() owns empty maps and treats unknown types as maps whose entries own themselves', () => {
  assert.deepEqual(fieldSetOf({ spec: { template: { spec: { nodeSelector: {} } } } }, deploymentMeta).toFieldsV1(), {
    'f:spec': { 'f:template': { 'f:spec': { 'f:nodeSelector': {} } } },
  });
  assert.deepEqual(fieldSetOf({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', labels: { a: 'b' } }, spec: { a: { b: 1 }, l: [1] } }, unknownMeta).toFieldsV1(), {
    'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
    'f:spec': { '.': {}, 'f:a': { '.': {}, 'f:b': {} }, 'f:l': {} },
  });
});

test('fieldSetOf() rejects a keyed list item without its key', () => {
  assert.throws(() => fieldSetOf({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, deploymentMeta), PathError);
});

test('FieldSet.fromFieldsV1() round-trips toFieldsV1() including "." members', () => {
  const json = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } }, 'f:replicas': {} } };
  const set = FieldSet.fromFieldsV1(json);
  assert.equal(set.size, 5);
  assert.deepEqual(set.toFieldsV1(), json);
  assert.deepEqual(set.sorted().map(describePath), ['.metadata.labels', '.metadata.labels.app', '.spec.replicas', '.spec.containers[name="a"]', '.spec.containers[name="a"].image']);
});

test('FieldSet.fromFieldsV1() rejects malformed sets', () => {
  for (const bad of [[], { 'x:y': {} }, { 'f:a': 1 }, { '.': {} }, { 'k:notjson': {} }]) {
    assert.throws(() => FieldSet.fromFieldsV1(bad), TypeError, JSON.stringify(bad));
  }
  assert.equal(FieldSet.fromFieldsV1(undefined).size, 0);
});

test('describePath() prints paths as upstream conflict messages do', () => {
  const cases: [string[], string][] = [
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'], '.spec.containers[name="nginx"].image'],
    [['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'], '.ports[containerPort=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', 'v:"x"'], '.metadata.finalizers[="x"]'],
  ];
  for (const [tokens, want] of cases) assert.equal(describePath(tokens.join('\u0000')), want);
});

test('compareObjects() reports added, modified and removed fields and new containers as members', () => {
  const before = { metadata: { name: 'a', resourceVersion: '1', labels: { x: '1' } }, spec: { replicas: 1, paused: true } };
  const after = { metadata: { name: 'a', resourceVersion: '2', annotations: { n: 'v' } }, spec: { replicas: 2 }, status: { replicas: 2 } };
  const c = compareObjects(before, after, deploymentMeta);
  const show = (s: FieldSet): string[] => s.sorted().map(describePath);
  assert.deepEqual(show(c.added), ['.metadata.annotations', '.metadata.annotations.n']);
  assert.deepEqual(show(c.modified), ['.spec.replicas']);
  assert.deepEqual(show(c.removed), ['.metadata.labels', '.metadata.labels.x', '.spec.paused']);
  assert.deepEqual(show(compareObjects(before, after, deploymentMeta, 'status').added), ['.metadata.annotations', '.metadata.annotations.n', '.status.replicas']);
});
