import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyClosure, nodeRuntimeFiles } from './node-image.js';

test('dependencyClosure() resolves from the nearest node_modules up, skips absent optional packages and throws on a missing one', () => {
  const lock = {
    'node_modules/app': { dependencies: { a: '^1', b: '^1' }, optionalDependencies: { fsevents: '^2' } },
    'node_modules/a': { dependencies: { c: '^2' } },
    'node_modules/a/node_modules/c': { dependencies: { d: '^1' } },
    'node_modules/b': { dependencies: { c: '^1' }, peerDependencies: { p: '*' }, peerDependenciesMeta: { p: { optional: true } } },
    'node_modules/c': {},
    'node_modules/d': {},
    'node_modules/unused': {},
  };
  assert.deepEqual(dependencyClosure(lock, ['app']), ['node_modules/a', 'node_modules/a/node_modules/c', 'node_modules/app', 'node_modules/b', 'node_modules/c', 'node_modules/d']);
  assert.throws(() => dependencyClosure({ 'node_modules/x': { dependencies: { gone: '1' } } }, ['x']), /"gone" \(needed by node_modules\/x\) is not installed/);
  assert.throws(() => dependencyClosure(lock, ['nope']), /"nope" is not in package-lock\.json/);
});

test('nodeRuntimeFiles() names node, the libraries ldd lists and the dynamic loader', () => {
  const names = nodeRuntimeFiles().map((f) => f.name);
  assert.equal(names[0], 'usr/bin/node');
  assert.ok(names.some((n) => /(^|\/)libc\.so\.6$/.test(n)), names.join(' '));
  assert.ok(names.some((n) => /ld-linux[^/]*\.so\.\d$/.test(n)), names.join(' '));
  assert.ok(names.every((n) => !n.startsWith('/') && !n.includes('vdso')), names.join(' '));
});
