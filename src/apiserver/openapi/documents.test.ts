import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { resources } from '../../api/index.js';
import { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, openApiJson, patchContentTypes, type OpenApiResource } from './index.js';

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((cur, k) => (isJson(cur) ? cur[k] : undefined), v);

const sample: OpenApiResource[] = [
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: [{ name: 'status', kind: 'Pod', group: '', version: 'v1', verbs: ['get', 'patch', 'update'] }, { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] }] },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: [] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: [{ name: 'status', kind: 'StatefulSet', group: 'apps', version: 'v1', verbs: ['get', 'patch', 'update'] }, { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }] },
];

/** All `$ref` strings in a document. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (isJson(v)) for (const [k, x] of Object.entries(v)) (k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out));
  return out;
}

/** What cli-runtime's v3 query-param verifier does: a PATCH for the GVK that declares the query parameter. */
function supportsFieldValidation(doc: unknown, gvk: { group: string; version: string; kind: string }): boolean {
  const paths = at(doc, 'paths');
  if (!isJson(paths)) return false;
  return Object.values(paths).some((p) => {
    const op = at(p, 'patch');
    const g = at(op, 'x-kubernetes-group-version-kind');
    if (!isJson(g) || g['group'] !== gvk.group || g['version'] !== gvk.version || g['kind'] !== gvk.kind) return false;
    const params = at(op, 'parameters');
    return Array.isArray(params) && params.some((x) => isJson(x) && x['name'] === 'fieldValidation' && x['in'] === 'query');
  });
}

/** What kubectl explain does: a components schema whose GVK array holds the kind. */
function schemaFor(doc: unknown, gvk: { group: string; version: string; kind: string }): Json | undefined {
  const schemas = at(doc, 'components', 'schemas');
  if (!isJson(schemas)) return undefined;
  return Object.values(schemas).filter(isJson).find((s) => {
    const list = s['x-kubernetes-group-version-kind'];
    return Array.isArray(list) && list.some((g) => isJson(g) && g['group'] === gvk.group && g['version'] === gvk.version && g['kind'] === gvk.kind);
  });
}

test('buildOpenApiV3Root() lists every group-version with a content-hash URL', () => {
  const root = buildOpenApiV3Root(sample);
  const paths = at(root, 'paths');
  assert.ok(isJson(paths));
  assert.deepEqual(Object.keys(paths), ['api/v1', 'apis/apps/v1']);
  const url = at(paths, 'apis/apps/v1', 'serverRelativeURL');
  assert.equal(typeof url, 'string');
  const hash = createHash('sha512').update(JSON.stringify(buildOpenApiV3GroupVersion('apps', 'v1', sample))).digest('hex').toUpperCase();
  assert.equal(url, `/openapi/v3/apis/apps/v1?hash=${hash}`);
});

test('buildOpenApiV3GroupVersion() declares PATCH operations kubectl accepts for field validation', () => {
  const doc = buildOpenApiV3GroupVersion('apps', 'v1', sample);
  assert.equal(at(doc, 'openapi'), '3.0.0');
  const patch = at(doc, 'paths', '/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}', 'patch');
  assert.deepEqual(at(patch, 'x-kubernetes-group-version-kind'), { group: 'apps', version: 'v1', kind: 'StatefulSet' });
  assert.equal(at(patch, 'x-kubernetes-action'), 'patch');
  const params = at(patch, 'parameters');
  assert.ok(Array.isArray(params));
  assert.deepEqual(params.filter(isJson).map((p) => `${String(p['in'])}:${String(p['name'])}`), ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
  const content = at(patch, 'requestBody', 'content');
  assert.ok(isJson(content));
  assert.deepEqual(Object.keys(content), [...patchContentTypes]);
  assert.deepEqual(at(doc, 'paths', '/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale', 'patch', 'x-kubernetes-group-version-kind'), { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.equal(at(doc, 'paths', '/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/status', 'put', 'x-kubernetes-action'), 'put');
  assert.equal(at(doc, 'paths', '/apis/apps/v1/namespaces/{namespace}/statefulsets', 'get', 'x-kubernetes-action'), 'list');
  assert.equal(at(doc, 'paths', '/apis/apps/v1/statefulsets', 'get', 'operationId'), 'listAppsV1StatefulSetForAllNamespaces');
  assert.equal(at(doc, 'paths', '/api/v1/namespaces/{namespace}/pods/{name}'), undefined);
});

test('buildOpenApiV3GroupVersion() carries kind schemas for explain and resolves every $ref', () => {
  const doc = buildOpenApiV3GroupVersion('', 'v1', sample);
  const pod = schemaFor(doc, { group: '', version: 'v1', kind: 'Pod' });
  assert.match(String(pod?.['description']), /Pod/);
  assert.deepEqual(at(pod, 'properties', 'spec'), { description: at(pod, 'properties', 'spec', 'description'), allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }] });
  const schemas = at(doc, 'components', 'schemas');
  assert.ok(isJson(schemas));
  const dangling = refs(doc).filter((r) => !r.startsWith('#/components/schemas/') || !(r.slice('#/components/schemas/'.length) in schemas));
  assert.deepEqual(dangling, []);
  assert.equal(at(schemas, 'io.k8s.api.core.v1.Container', 'properties', 'env', 'x-kubernetes-patch-merge-key'), 'name');
  assert.deepEqual(at(schemas, 'io.k8s.apimachinery.pkg.api.resource.Quantity', 'oneOf'), [{ type: 'string' }, { type: 'number' }]);
  assert.equal(at(schemas, 'io.k8s.apimachinery.pkg.api.resource.Quantity', 'type'), undefined);
  assert.equal('io.k8s.api.policy.v1.Eviction' in schemas, true);
  assert.equal('io.k8s.api.apps.v1.StatefulSet' in schemas, false);
  assert.equal(at(doc, 'paths', '/api/v1/namespaces/{namespace}/pods/{name}/eviction', 'post', 'x-kubernetes-group-version-kind', 'group'), 'policy');
});

test('buildOpenApiV3GroupVersion() serves every registry kind to kubectl validation and explain', () => {
  const rs: OpenApiResource[] = resources.map((r) => ({
    group: r.group, version: r.version, kind: r.kind, plural: r.plural, namespaced: r.namespaced, verbs: [...r.verbs],
    subresources: r.hasStatus ? [{ name: 'status', kind: r.kind, group: r.group, version: r.version, verbs: ['get', 'patch', 'update'] }] : [],
  }));
  const root = buildOpenApiV3Root(rs);
  const problems: string[] = [];
  for (const r of rs) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const doc = buildOpenApiV3GroupVersion(r.group, r.version, rs);
    if (at(root, 'paths', r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`) === undefined) problems.push(`${r.kind}: no root entry`);
    if (r.verbs.includes('patch') && !supportsFieldValidation(doc, gvk)) problems.push(`${r.kind}: no PATCH with fieldValidation`);
    if (!schemaFor(doc, gvk)) problems.push(`${r.kind}: no schema`);
  }
  assert.deepEqual(problems, []);
});

test('buildOpenApiV2() writes swagger 2.0 with definitions and patch content types', () => {
  const doc = buildOpenApiV2(sample);
  assert.equal(at(doc, 'swagger'), '2.0');
  const defs = at(doc, 'definitions');
  assert.ok(isJson(defs));
  assert.deepEqual(at(defs, 'io.k8s.api.core.v1.Pod', 'x-kubernetes-group-version-kind'), [{ group: '', version: 'v1', kind: 'Pod' }]);
  assert.equal(at(defs, 'io.k8s.api.core.v1.Pod', 'properties', 'spec', '$ref'), '#/definitions/io.k8s.api.core.v1.PodSpec');
  const patch = at(doc, 'paths', '/api/v1/namespaces/{namespace}/pods/{name}', 'patch');
  assert.deepEqual(at(patch, 'consumes'), [...patchContentTypes]);
  const params = at(patch, 'parameters');
  assert.ok(Array.isArray(params));
  assert.equal(params.some((p) => isJson(p) && p['name'] === 'fieldValidation' && p['type'] === 'string'), true);
  assert.equal(params.some((p) => isJson(p) && p['in'] === 'body'), true);
  assert.deepEqual(refs(doc).filter((r) => !(r.slice('#/definitions/'.length) in defs)), []);
});

test('the builders memoize on content and return frozen documents', () => {
  const copy = structuredClone(sample);
  assert.equal(buildOpenApiV3GroupVersion('apps', 'v1', sample), buildOpenApiV3GroupVersion('apps', 'v1', copy));
  assert.equal(buildOpenApiV3GroupVersion('apps', 'v1', sample), buildOpenApiV3GroupVersion('apps', 'v1', sample.filter((r) => r.group === 'apps')));
  assert.equal(buildOpenApiV3Root(sample), buildOpenApiV3Root(copy));
  assert.equal(buildOpenApiV2(sample), buildOpenApiV2(copy));
  assert.equal(Object.isFrozen(at(buildOpenApiV2(sample), 'paths')), true);
  const doc = buildOpenApiV2(sample);
  assert.equal(openApiJson(doc), openApiJson(doc));
  assert.deepEqual(JSON.parse(openApiJson(doc)), doc);
});

test('buildOpenApiV2() describes connect, log, finalize and create-only subresources as upstream does', () => {
  const rs: OpenApiResource[] = [
    { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['get'], subresources: [
      { name: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', group: '', version: 'v1', verbs: ['create'] },
    ] },
    { group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, verbs: ['get'], subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', group: '', version: 'v1', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] },
    { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, verbs: ['get'], subresources: [{ name: 'finalize', kind: 'Namespace', group: '', version: 'v1', verbs: ['update'] }] },
    { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, verbs: ['get'], subresources: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }] },
  ];
  const doc = buildOpenApiV2(rs);
  const names = (op: unknown): string[] => (Array.isArray(at(op, 'parameters')) ? (at(op, 'parameters') as Json[]).map((p) => `${String(p['in'])}:${String(p['name'])}`) : []);
  const pod = '/api/v1/namespaces/{namespace}/pods/{name}';
  const log = at(doc, 'paths', `${pod}/log`, 'get');
  assert.deepEqual([at(log, 'operationId'), at(log, 'x-kubernetes-action'), at(log, 'responses', '200', 'schema')], ['readCoreV1NamespacedPodLog', 'get', { type: 'string' }]);
  assert.deepEqual(names(log), ['query:container', 'query:follow', 'query:insecureSkipTLSVerifyBackend', 'query:limitBytes', 'query:previous', 'query:sinceSeconds', 'query:tailLines', 'query:timestamps']);
  const exec = at(doc, 'paths', `${pod}/exec`);
  assert.deepEqual(Object.keys(exec as Json), ['parameters', 'get', 'post']);
  assert.deepEqual([at(exec, 'post', 'operationId'), at(exec, 'post', 'x-kubernetes-action'), at(exec, 'post', 'x-kubernetes-group-version-kind')], ['connectCoreV1PostNamespacedPodExec', 'connect', { group: '', version: 'v1', kind: 'PodExecOptions' }]);
  assert.deepEqual(names(at(exec, 'get')), ['query:command', 'query:container', 'query:stderr', 'query:stdin', 'query:stdout', 'query:tty']);
  const binding = at(doc, 'paths', `${pod}/binding`, 'post');
  assert.deepEqual(names(binding), ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'body:body']);
  assert.deepEqual(Object.keys(at(doc, 'paths', '/api/v1/nodes/{name}/proxy') as Json), ['parameters', 'delete', 'get', 'patch', 'post', 'put']);
  assert.deepEqual(names(at(doc, 'paths', '/api/v1/nodes/{name}/proxy/{path}')), ['path:name', 'query:pretty', 'path:path']);
  assert.equal(at(doc, 'paths', '/api/v1/nodes/{name}/proxy/{path}', 'get', 'operationId'), 'connectCoreV1GetNodeProxyWithPath');
  const finalize = at(doc, 'paths', '/api/v1/namespaces/{name}/finalize');
  assert.deepEqual(Object.keys(finalize as Json), ['parameters', 'put']);
  assert.deepEqual(names(at(finalize, 'put')), ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'body:body']);
  const token = at(doc, 'paths', '/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token', 'post');
  assert.deepEqual(at(token, 'x-kubernetes-group-version-kind'), { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
  assert.deepEqual((at(token, 'parameters') as Json[])[3]?.['schema'], { $ref: '#/definitions/io.k8s.api.authentication.v1.TokenRequest' });
});
