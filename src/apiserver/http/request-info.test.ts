import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../api/index.js';
import { parseRequestInfo, parseRequestTarget } from './request-info.js';

const q = (s = '') => new URLSearchParams(s);

test('parseRequestInfo() reads a namespaced core resource', () => {
  const r = parseRequestInfo('GET', '/api/v1/namespaces/default/pods/web-0', q());
  assert.deepEqual(r, { isResource: true, verb: 'get', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web-0', subresource: '', path: '/api/v1/namespaces/default/pods/web-0' });
});

test('parseRequestInfo() turns a collection GET into list and watch=true into watch', () => {
  const l = parseRequestInfo('GET', '/apis/apps/v1/namespaces/default/statefulsets', q());
  assert.equal(l.verb, 'list');
  const w = parseRequestInfo('GET', '/apis/apps/v1/statefulsets', q('watch=1'));
  assert.equal(w.verb, 'watch');
  assert.ok(w.isResource && w.namespace === '' && w.resource === 'statefulsets');
});

test('parseRequestInfo() addresses namespaces themselves and their subresources', () => {
  const n = parseRequestInfo('DELETE', '/api/v1/namespaces/demo', q());
  assert.ok(n.isResource);
  assert.deepEqual([n.verb, n.resource, n.name, n.namespace], ['delete', 'namespaces', 'demo', '']);
  const f = parseRequestInfo('PUT', '/api/v1/namespaces/demo/finalize', q());
  assert.ok(f.isResource);
  assert.deepEqual([f.resource, f.name, f.subresource], ['namespaces', 'demo', 'finalize']);
});

test('parseRequestInfo() reads subresources and deletecollection', () => {
  const s = parseRequestInfo('PATCH', '/apis/apps/v1/namespaces/x/statefulsets/web/scale', q());
  assert.ok(s.isResource && s.subresource === 'scale' && s.verb === 'patch');
  const d = parseRequestInfo('DELETE', '/api/v1/namespaces/x/configmaps', q());
  assert.equal(d.verb, 'deletecollection');
});

test('parseRequestInfo() treats discovery paths as non-resource', () => {
  assert.equal(parseRequestInfo('GET', '/apis/apps', q()).isResource, false);
  assert.equal(parseRequestInfo('GET', '/api/v1', q()).isResource, false);
  assert.equal(parseRequestInfo('GET', '/version', q()).isResource, false);
});

test('parseRequestInfo() takes the name of a list or watch from a metadata.name field selector (upstream), nothing else', () => {
  const name = (method: string, path: string, query: string): string => { const i = parseRequestInfo(method, path, new URLSearchParams(query)); return i.isResource ? `${i.verb}:${i.name}` : 'non-resource'; };
  assert.equal(name('GET', '/api/v1/namespaces/x/secrets', 'fieldSelector=metadata.name%3Ddb'), 'list:db');
  assert.equal(name('GET', '/api/v1/namespaces/x/secrets', 'watch=true&fieldSelector=metadata.name%3D%3Ddb,type%3Dopaque'), 'watch:db');
  assert.equal(name('GET', '/api/v1/namespaces/x/secrets', 'fieldSelector=metadata.name!%3Ddb'), 'list:');
  assert.equal(name('GET', '/api/v1/namespaces/x/secrets', 'fieldSelector=metadata.namespace%3Dx'), 'list:');
  assert.equal(name('GET', '/api/v1/namespaces/x/secrets', 'fieldSelector=garbage'), 'list:');
  assert.equal(name('DELETE', '/api/v1/namespaces/x/secrets', 'fieldSelector=metadata.name%3Ddb'), 'deletecollection:');
});

test('parseRequestTarget() answers 400 for malformed percent-encoding and targets that are not URLs', () => {
  for (const raw of ['/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/default/configmaps/%', '/%E0%A4%A', 'http://[::1/api', '*']) {
    assert.throws(() => parseRequestTarget(raw), (e: unknown) => isApiError(e) && e.code === 400 && e.reason === 'BadRequest', raw);
  }
  assert.equal(parseRequestTarget('//api/v1').pathname, '//api/v1');
  assert.equal(parseRequestTarget('https://example.com/api/v1?watch=1').searchParams.get('watch'), '1');
});

test('parseRequestInfo() answers 400 for an escape of bytes that are not UTF-8', () => {
  assert.throws(() => parseRequestInfo('GET', '/api/v1/namespaces/%ff%fe/configmaps', q()), (e: unknown) => isApiError(e) && e.code === 400);
});
