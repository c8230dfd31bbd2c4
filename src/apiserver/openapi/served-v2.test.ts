// Unit tests for the served /openapi/v2: ETag, formats, and rebuilding only when the inputs change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { registryCatalog } from './catalog.js';
import { openApiJson } from './documents.js';
import { OpenApiV2Cache } from './served-v2.js';
import { decodeOpenApiV2Document } from './testing.js';
import type { OpenApiResource } from './resource.js';
import type { RemoteOpenApiV2 } from './merge-v2.js';

const pods: OpenApiResource = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['create', 'get', 'list', 'patch'], subresources: [] };
const reviews: OpenApiResource = { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews', namespaced: false, verbs: ['create'], subresources: [] };
const remote = (hash: string): RemoteOpenApiV2 => ({
  name: 'v1.x.io', group: 'x.io', version: 'v1', hash,
  spec: { paths: { '/apis/x.io/v1/things': { get: { operationId: hash, responses: { 200: { description: 'OK' } } } } } },
});

test('OpenApiV2Cache.get() serves one document in both formats under upstream\'s ETag', () => {
  const cache = new OpenApiV2Cache({ now: () => new Date('2025-01-02T03:04:05.678Z') });
  const served = cache.get({ local: [pods, reviews], catalog: registryCatalog, remotes: [] });
  const json = served.body('json', false);
  assert.equal(served.etag, `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`);
  const doc = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(decodeOpenApiV2Document(served.body('protobuf', false)), doc);
  assert.deepEqual(gunzipSync(served.body('protobuf', true)), served.body('protobuf', false));
  assert.deepEqual(gunzipSync(served.body('json', true)), json);
  assert.equal(served.body('protobuf', false), served.body('protobuf', false), 'encoded once');
  assert.equal(served.lastModified.toISOString(), '2025-01-02T03:04:05.678Z');
  assert.ok(served.buildMs > 0 && (served.protobufMs ?? 0) > 0);
  assert.equal(json.toString('utf8'), openApiJson(doc));
});

test('OpenApiV2Cache.get() rebuilds only when resources or extension documents change', () => {
  let t = 0;
  const cache = new OpenApiV2Cache({ now: () => new Date(++t * 1000) });
  const first = cache.get({ local: [pods], catalog: registryCatalog, remotes: [remote('a')] });
  assert.equal(cache.get({ local: [{ ...pods }], catalog: registryCatalog, remotes: [remote('a')] }), first, 'same content, same document');
  const withReviews = cache.get({ local: [pods, reviews], catalog: registryCatalog, remotes: [remote('a')] });
  assert.notEqual(withReviews.etag, first.etag);
  const changedRemote = cache.get({ local: [pods, reviews], catalog: registryCatalog, remotes: [remote('b')] });
  assert.notEqual(changedRemote.etag, withReviews.etag);
  assert.ok('/apis/x.io/v1/things' in (JSON.parse(changedRemote.body('json', false).toString('utf8')) as { paths: object }).paths);
  // A new hash with the same text rebuilds, finds the same ETag and keeps the document (and its Last-Modified).
  const rehashed = cache.get({ local: [pods, reviews], catalog: registryCatalog, remotes: [{ ...remote('b'), hash: 'b2' }] });
  assert.equal(rehashed, changedRemote);
});
