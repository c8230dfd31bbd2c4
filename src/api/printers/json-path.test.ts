import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJsonPath, JsonPathError } from './json-path.js';

const obj = {
  metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'db' } },
  spec: { replicas: 3, containers: [{ name: 'c1', image: 'i1' }, { name: 'c2', image: 'i2' }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'False' }] },
};

const cases: [string, unknown[]][] = [
  ['.spec.replicas', [3]],
  ['{.spec.replicas}', [3]],
  ['spec.replicas', [3]],
  ['.spec.missing', []],
  ['.spec.containers[0].image', ['i1']],
  ['.spec.containers[-1].name', ['c2']],
  ['.spec.containers[*].image', ['i1', 'i2']],
  [".metadata.labels['app.kubernetes.io/name']", ['db']],
  ['.status.conditions[?(@.type=="Ready")].status', ['True']],
  ['.status.conditions[?(@.type!="Ready")].type', ['Synced']],
  ['.status.conditions[?(@.missing)].type', []],
  ['.metadata.*', ['a', { 'app.kubernetes.io/name': 'db' }]],
];
for (const [path, want] of cases) test(`jsonPath ${path}`, () => assert.deepEqual(compileJsonPath(path).find(obj), want));

test('jsonPath: unsupported syntax is an error', () => {
  for (const bad of ['.spec[', '.spec..x', '.spec[?(x)]', '.a[1:2]']) assert.throws(() => compileJsonPath(bad), JsonPathError, bad);
});
