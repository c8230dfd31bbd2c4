// Fuzz: create and update bodies that are malformed, truncated, of the wrong type at any level, deeply nested, huge,
// of the wrong media type, mismatched with the URL, invalid UTF-8, YAML bombs and protobuf garbage.
import { after, before, describe, test } from 'node:test';
import { startFuzzServer, fuzzNamespace, type FuzzServer } from '../../support/fuzz/fuzz-server.js';
import { fuzzCases, fuzzSeed } from '../../support/fuzz/random.js';
import { runBatch, type FuzzCase } from '../../support/fuzz/expect-status.js';
import { corruptJsonText, deepNesting, hostileProtobuf, hostileYaml, replaceAtRandomPath, validObjects } from '../../support/fuzz/generators.js';

const seed = fuzzSeed();
const ns = fuzzNamespace;
const cmPath = `/api/v1/namespaces/${ns}/configmaps`;
const json = { 'content-type': 'application/json' };
const yaml = { 'content-type': 'application/yaml' };
const protobuf = { 'content-type': 'application/vnd.kubernetes.protobuf' };

describe(`fuzz: request bodies (SKIFF_FUZZ_SEED=${seed})`, () => {
  let server: FuzzServer;
  before(async () => { server = await startFuzzServer(); });
  after(async () => { await server[Symbol.asyncDispose](); });

  test('malformed, truncated and corrupted JSON on create and update', () => runBatch(server, {
    seed, batch: 'json-text',
    fixed: [
      { name: 'empty body', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.alloc(0) } },
      { name: 'null', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('null') } },
      { name: 'an array', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('[{"kind":"ConfigMap"}]') } },
      { name: 'a string', request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from('"ConfigMap"') } },
      // Upstream decodes a lone surrogate as U+FFFD.
      { name: 'lone surrogate', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s"},"data":{"a":"\\ud800"}}') }, mayPass: true },
      { name: 'NUL in a name', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a\\u0000b"}}') } },
      { name: '__proto__ key', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"proto","__proto__":{"polluted":1}},"__proto__":{"x":1}}') }, mayPass: true },
    ],
    random: {
      count: fuzzCases(150),
      make: (rng, i) => {
        const target = rng.pick(validObjects(ns, `corrupt-${i}`));
        const update = rng.chance(0.3);
        const { body, how, mayPass } = corruptJsonText(rng, JSON.stringify(target.object));
        const path = update ? `${cmPath}/target` : target.path;
        return { name: how, request: { method: update ? 'PUT' : 'POST', path, headers: json, body }, mayPass: mayPass ?? false };
      },
    },
  }));

  test('JSON of the wrong type at every level', () => runBatch(server, {
    seed, batch: 'wrong-types',
    random: {
      count: fuzzCases(250),
      make: (rng, i) => {
        const target = rng.pick(validObjects(ns, `typed-${i}`));
        const { doc, path } = replaceAtRandomPath(rng, target.object);
        const update = rng.chance(0.25);
        const at = update ? `${target.path}/${update && target.path.endsWith('namespaces') ? ns : 'target'}` : target.path;
        return { name: `wrong type at ${path}`, request: { method: update ? 'PUT' : 'POST', path: at, headers: json, body: Buffer.from(JSON.stringify(doc)) }, mayPass: true };
      },
    },
  }));

  test('deeply nested and huge bodies', () => runBatch(server, {
    seed, batch: 'deep-and-huge', concurrency: 2,
    fixed: [
      ...(['array', 'object', 'mixed'] as const).flatMap((style): FuzzCase[] => [
        { name: `10k levels (${style}) as the body`, request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(deepNesting(10_000, style)) } },
        { name: `10k levels (${style}) in data`, request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-${style}"},"data":{"a":${deepNesting(10_000, style)}}}`) } },
        { name: `100k levels (${style}) in labels`, request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","labels":${deepNesting(100_000, style)}}}`) } },
        { name: `10k levels (${style}) in a pod spec`, request: { method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":{"containers":[{"name":"c","image":"i","env":${deepNesting(10_000, style)}}]}}`) } },
      ]),
      { name: 'just under the depth limit in data', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-under"},"data":{"a":${deepNesting(9_995, 'mixed')}}}`) } },
      { name: 'just under the depth limit in a pod', request: { method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep-under"},"spec":{"containers":[{"name":"c","image":"i","env":${deepNesting(9_990, 'mixed')}}]}}`) } },
      { name: '10k levels of YAML', request: { method: 'POST', path: cmPath, headers: yaml, body: Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep-yaml}\ndata: ${deepNesting(10_000, 'mixed')}\n`) } },
      { name: 'over the body limit', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":"${'x'.repeat(3 * 1024 * 1024 + 10)}"}}`) }, allow: [413] },
      { name: 'a declared length over the limit', request: { method: 'POST', path: cmPath, headers: { ...json, 'content-length': String(4 * 1024 * 1024) }, body: Buffer.alloc(0) }, allow: [413] },
      { name: 'just under the limit, a ConfigMap over 1 MiB', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"${'x'.repeat(2 * 1024 * 1024)}"}}`) }, allow: [413, 422] },
      { name: 'a million keys', knownIssue: '200k ConfigMap keys (2.6 MB) take ~10 s of server CPU', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keys"},"data":{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":"v"`).join(',')}}}`) }, allow: [413, 422] },
      { name: 'a huge number', request: { method: 'POST', path: `/apis/apps/v1/namespaces/${ns}/deployments`, headers: json, body: Buffer.from(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"n"},"spec":{"replicas":1${'0'.repeat(400)}}}`) } },
    ],
  }));

  test('wrong and missing media types', () => runBatch(server, {
    seed, batch: 'media-types',
    fixed: [
      ...['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', '*/*', ';;;', 'application/jsonx', 'application/json; charset=utf-16'].map((ct, i): FuzzCase => ({
        name: `Content-Type ${ct}`, request: { method: 'POST', path: cmPath, headers: { 'content-type': ct }, body: Buffer.from(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ct-${i}"}}`) }, allow: [415], mayPass: ct.startsWith('application/json;'),
      })),
      { name: 'PUT with text/html', request: { method: 'PUT', path: `${cmPath}/target`, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>') }, allow: [415] },
    ],
  }));

  test('bodies that do not match the URL', () => runBatch(server, {
    seed, batch: 'mismatch',
    fixed: [
      { name: 'kind Secret to configmaps', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"m1"}}') } },
      { name: 'apiVersion apps/v1 to configmaps', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"m2"}}') } },
      { name: 'apiVersion v2', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"m3"}}') } },
      { name: 'another namespace in the body', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m4","namespace":"kube-system"}}') } },
      { name: 'another name on update', request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}') } },
      { name: 'another namespace on update', request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","namespace":"default"}}') } },
      { name: 'kind of the wrong type', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":1,"kind":["ConfigMap"],"metadata":{"name":"m5"}}') } },
      { name: 'a namespace-scoped kind on a cluster path', request: { method: 'POST', path: '/api/v1/namespaces', headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m6"}}') } },
      { name: 'a Status as the body', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"Status","metadata":{},"code":500}') } },
      { name: 'a List as the body', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m7"}}]}') } },
      { name: 'a stale resourceVersion', request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","resourceVersion":"1"}}') } },
      { name: 'a garbage resourceVersion', request: { method: 'PUT', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","resourceVersion":"abc"}}') } },
      { name: 'a resourceVersion on create', knownIssue: 'upstream refuses a create that sets metadata.resourceVersion; Skiff ignores it', request: { method: 'POST', path: cmPath, headers: json, body: Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m8","resourceVersion":"5"}}') } },
      { name: 'scale with a garbage body', request: { method: 'PUT', path: `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`, headers: json, body: Buffer.from('{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"target"},"spec":{"replicas":"many"}}') } },
      // Upstream's scale update ignores the Scale's name (the URL's object is scaled).
      { name: 'scale of another name', mayPass: true, request: { method: 'PUT', path: `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`, headers: json, body: Buffer.from('{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"other"},"spec":{"replicas":1}}') } },
      { name: 'status of the wrong type', request: { method: 'PUT', path: `/apis/apps/v1/namespaces/${ns}/deployments/target/status`, headers: json, body: Buffer.from('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"target"},"status":[1,2]}') } },
      { name: 'a DeleteOptions body of the wrong type', request: { method: 'DELETE', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"propagationPolicy":5,"gracePeriodSeconds":"x","preconditions":"y","dryRun":"All"}') } },
      { name: 'a DeleteOptions body that is not JSON', request: { method: 'DELETE', path: `${cmPath}/target`, headers: json, body: Buffer.from('{nope') } },
      { name: 'a DeleteOptions with preconditions of the wrong type', request: { method: 'DELETE', path: `${cmPath}/target`, headers: json, body: Buffer.from('{"preconditions":{"uid":5,"resourceVersion":["1"]}}') } },
    ],
  }));

  test('hostile YAML', () => runBatch(server, {
    seed, batch: 'yaml',
    fixed: hostileYaml().flatMap(({ yaml: text, how }): FuzzCase[] => [
      { name: `create: ${how}`, request: { method: 'POST', path: cmPath, headers: yaml, body: Buffer.from(text) } },
      { name: `update: ${how}`, request: { method: 'PUT', path: `${cmPath}/target`, headers: yaml, body: Buffer.from(text) } },
    ]),
  }));

  test('hostile protobuf', () => runBatch(server, {
    seed, batch: 'protobuf',
    random: {
      count: fuzzCases(150),
      make: (rng) => {
        const { body, how, mayPass } = hostileProtobuf(rng);
        return { name: how, request: { method: 'POST', path: cmPath, headers: protobuf, body }, mayPass: mayPass ?? false };
      },
    },
  }));
});
