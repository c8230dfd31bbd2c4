// Fuzz: request paths (random segments, bad percent-encoding, encoded slashes, dot segments, very long paths, unknown
// groups, versions, resources and subresources) and query strings (resourceVersion, limit, continue, selectors,
// timeoutSeconds, watch, dryRun, fieldValidation, propagationPolicy).
import { after, before, describe, test } from 'node:test';
import { startFuzzServer, fuzzNamespace, type FuzzServer } from '../../support/fuzz/fuzz-server.js';
import { fuzzCases, fuzzSeed, type Rng } from '../../support/fuzz/random.js';
import { hostileCodes, runBatch, type FuzzCase } from '../../support/fuzz/expect-status.js';

const seed = fuzzSeed();
const ns = fuzzNamespace;
const segments = ['api', 'apis', 'v1', 'v2', 'apps', 'namespaces', ns, 'default', 'pods', 'configmaps', 'deployments', 'target', 'status', 'scale', 'log', 'exec', 'proxy', 'finalize', 'binding', 'eviction', 'token',
  '%zz', '%', '%2', '%2F', '%2f', '%00', '%C0%AF', '%E2%80%AE', '..', '.', '%2e%2e', '%2E', '', '~', 'a'.repeat(300), '%u0041', '😀', 'nodes', 'namespaces%2Ffuzz', 'serviceaccounts', 'robot', 'openapi', 'version', 'healthz'];

const queryKeys = ['resourceVersion', 'resourceVersionMatch', 'limit', 'continue', 'labelSelector', 'fieldSelector', 'timeoutSeconds', 'watch', 'dryRun', 'fieldValidation', 'propagationPolicy', 'gracePeriodSeconds', 'fieldManager', 'allowWatchBookmarks', 'sendInitialEvents', 'includeObject', 'pretty', 'orphanDependents', 'force'];
const queryValues = ['', '0', '-1', '1', '99999999999999999999', '1.5', 'abc', 'true', 'false', 'All', 'None', 'Strict', 'nope', '%zz', '%', 'a=b', 'a!=', 'a in (', 'a in (b,c', '!', '!!a', 'metadata.name==x', 'spec.nodeName=', 'bogus.field=x',
  'a,,b', '=', '==', 'a=b=c', '(', 'a notin ()', 'x'.repeat(2000), 'eyJ2Ijoic2tpZmYuMSIsInJ2Ijo5OTk5OTk5LCJzdGFydCI6IiJ9', 'eyJ2Ijoic2tpZmYuMSIsInJ2IjotNSwic3RhcnQiOiIvIn0', 'eyJ2Ijoic2tpZmYuMSIsInJ2IjoxLCJzdGFydCI6Ii4uLy4uIn0', '%E2%80%AE', '1e3', '0x10', 'NaN', 'Infinity'];

/** A continue token of this server's shape (base64url JSON) with forged fields. */
function forgedContinue(rng: Rng): string {
  const rv = rng.pick<unknown>([1, 0, -5, 1e15, 2 ** 53, 'x', null, 1.5, 10]);
  const start = rng.pick<unknown>(['', '/', '/registry/', '../../..', 5, null, '\u0000', 'zzzz']);
  const v = rng.pick<unknown>(['skiff.1', 'meta.k8s.io/v1', undefined, 1]);
  return Buffer.from(JSON.stringify({ v, rv, start })).toString(rng.chance(0.8) ? 'base64url' : 'base64');
}

function randomPath(rng: Rng): string {
  const n = 1 + rng.int(8);
  const parts = Array.from({ length: n }, () => rng.chance(0.9) ? rng.pick(segments) : encodeURIComponent(rng.string(1 + rng.int(6))));
  return `/${parts.join('/').replace(/[^\x21-\x7e]/gu, encodeURIComponent)}${rng.chance(0.1) ? '/' : ''}`;
}

function randomQuery(rng: Rng): string {
  const n = rng.int(4);
  const pairs = Array.from({ length: n }, () => {
    const k = rng.pick(queryKeys);
    const v = k === 'continue' && rng.chance(0.5) ? forgedContinue(rng) : rng.pick(queryValues);
    // Unencoded values keep their '%' and reserved characters; bytes a request line cannot carry are always encoded.
    return `${k}=${rng.chance(0.7) ? encodeURIComponent(v) : v.replace(/[^\x21-\x7e]/gu, encodeURIComponent)}`;
  });
  return pairs.length ? `?${pairs.join('&')}` : '';
}

const resourcePaths = [`/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/configmaps/target`, '/api/v1/pods', `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`, '/api/v1/namespaces'];

describe(`fuzz: paths and query strings (SKIFF_FUZZ_SEED=${seed})`, () => {
  let server: FuzzServer;
  before(async () => { server = await startFuzzServer(); });
  after(async () => { await server[Symbol.asyncDispose](); });

  test('malformed and unknown paths', () => runBatch(server, {
    seed, batch: 'paths',
    fixed: [
      ...['/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/fuzz/configmaps/%', '/api/v1/namespaces/fuzz/configmaps/%E0%A4%A', '/apis/%zz/v1/things', '/api/v1/namespaces/fuzz%2Fconfigmaps', '/api/v1/namespaces/fuzz/configmaps/a%2Fb',
        '/api/v1/namespaces/fuzz/configmaps/..', '/api/v1/namespaces/fuzz/configmaps/.', '/api/v1/namespaces/fuzz/configmaps/%2e%2e', '/api/v1/namespaces/../configmaps', '/api/v9/pods', '/apis/nope.example.com/v1/things', '/apis/apps/v9/deployments',
        '/api/v1/namespaces/fuzz/nopes', '/api/v1/namespaces/fuzz/configmaps/target/nope', '/api/v1/namespaces/fuzz/configmaps/target/status/x/y', `/api/v1/${'a/'.repeat(2000)}`, `/api/v1/namespaces/fuzz/configmaps/${'x'.repeat(8000)}`, '/api/v1/namespaces/fuzz/pods/target/exec',
        '/api/v1/namespaces/fuzz/pods/target/log', '/api/v1/nodes/none/proxy/stats/summary', '/api/v1/namespaces/fuzz/serviceaccounts/robot/token', '/openapi/v3/nope', '/openapi/v2/x', '/apis/apps', '/apis/apps/v9', '/api/v9', '/%zz', '//', '///api', '/api//v1//pods', '/api/v1/namespaces//configmaps',
        '/api/v1/namespaces/fuzz/configmaps/%00', '/api/v1/namespaces/%ff%fe/configmaps', '/api/v1/namespaces/fuzz/configmaps/target?%zz=1', '/api/v1/namespaces/fuzz/configmaps?labelSelector=%zz'].map((path): FuzzCase => ({ name: `GET ${path.slice(0, 60)}`, request: { path }, mayPass: true })),
      ...['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'CONNECT'].flatMap((method): FuzzCase[] => ['/api', '/apis', '/version', '/openapi/v2', '/api/v1', '/api/v1/namespaces/fuzz/configmaps/%zz', '/healthz'].map((path) => ({
        name: `${method} ${path}`, request: { method, path }, mayPass: path === '/version' || path === '/healthz',
      }))),
    ],
    random: {
      count: fuzzCases(300),
      make: (rng) => ({ name: 'random path', request: { method: rng.pick(['GET', 'GET', 'DELETE', 'POST', 'PUT', 'PATCH', 'HEAD']), path: randomPath(rng) + randomQuery(rng), headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') }, mayPass: true }),
    },
  }));

  test('bad query parameters on lists, gets, watches and writes', () => runBatch(server, {
    seed, batch: 'query',
    fixed: [
      { name: 'resourceVersion garbage', request: { path: `${resourcePaths[0]}?resourceVersion=abc` } },
      { name: 'resourceVersionMatch without resourceVersion', request: { path: `${resourcePaths[0]}?resourceVersionMatch=Exact` } },
      { name: 'Exact in the future', request: { path: `${resourcePaths[0]}?resourceVersion=99999999&resourceVersionMatch=Exact` }, allow: [...hostileCodes, 410, 504] },
      { name: 'Exact at 1', request: { path: `${resourcePaths[0]}?resourceVersion=1&resourceVersionMatch=Exact` }, mayPass: true },
      { name: 'limit -1', request: { path: `${resourcePaths[0]}?limit=-1` }, mayPass: true },
      { name: 'limit huge', request: { path: `${resourcePaths[0]}?limit=99999999999999999999999` }, mayPass: true },
      { name: 'continue garbage', request: { path: `${resourcePaths[0]}?continue=garbage` } },
      { name: 'continue with resourceVersion', request: { path: `${resourcePaths[0]}?continue=eyJ2Ijoic2tpZmYuMSIsInJ2IjoxLCJzdGFydCI6IiJ9&resourceVersion=5` } },
      { name: 'labelSelector syntax error', request: { path: `${resourcePaths[0]}?labelSelector=a%20in%20(` } },
      { name: 'fieldSelector syntax error', request: { path: `${resourcePaths[0]}?fieldSelector=metadata.name%3D%3D%3D` } },
      { name: 'fieldSelector unknown field', request: { path: `${resourcePaths[0]}?fieldSelector=spec.bogus%3Dx` } },
      { name: 'timeoutSeconds of the wrong type', request: { path: `${resourcePaths[0]}?watch=true&timeoutSeconds=soon` } },
      { name: 'watch garbage', request: { path: `${resourcePaths[0]}?watch=garbage&limit=1` }, mayPass: true },
      { name: 'watch from a garbage resourceVersion', request: { path: `${resourcePaths[0]}?watch=1&resourceVersion=x` } },
      { name: 'watch from a compacted resourceVersion', request: { path: `${resourcePaths[0]}?watch=1&resourceVersion=1&timeoutSeconds=1` }, mayPass: true },
      { name: 'dryRun garbage', request: { method: 'POST', path: `${resourcePaths[0]}?dryRun=Maybe`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"q"}}') } },
      { name: 'fieldValidation garbage', request: { method: 'POST', path: `${resourcePaths[0]}?fieldValidation=Lenient`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"q"}}') } },
      { name: 'Strict with an unknown field', request: { method: 'POST', path: `${resourcePaths[0]}?fieldValidation=Strict`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"q"},"bogus":1}') } },
      { name: 'propagationPolicy garbage', request: { method: 'DELETE', path: `${resourcePaths[1]}?propagationPolicy=Eventually` } },
      { name: 'gracePeriodSeconds garbage', request: { method: 'DELETE', path: `${resourcePaths[1]}?gracePeriodSeconds=soon` } },
      { name: 'deletecollection with a bad selector', request: { method: 'DELETE', path: `${resourcePaths[0]}?labelSelector=%21%21` } },
      { name: 'deletecollection with a bad propagationPolicy', request: { method: 'DELETE', path: `${resourcePaths[0]}?propagationPolicy=x&labelSelector=none%3Dhere` } },
      { name: 'includeObject garbage on a Table list', request: { path: `${resourcePaths[0]}?includeObject=Everything`, headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } }, mayPass: true },
    ],
    random: {
      count: fuzzCases(400),
      make: (rng) => {
        const method = rng.pick(['GET', 'GET', 'GET', 'DELETE', 'POST', 'PATCH']);
        const body = method === 'GET' ? undefined : Buffer.from(method === 'PATCH' ? '{"metadata":{"labels":{"q":"1"}}}' : '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"q-"}}');
        const headers = method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : { 'content-type': 'application/json' };
        // Watches are bounded: a random query may open one.
        const q = randomQuery(rng);
        const bounded = /watch=(true|1)/.test(q) ? `${q}&timeoutSeconds=1` : q;
        return { name: 'random query', request: { method, path: rng.pick(resourcePaths) + bounded, headers, ...(body ? { body } : {}) }, mayPass: true, allow: [...hostileCodes, 410] };
      },
    },
  }));
});
