// Integration: GET /openapi/v2 of an in-process ApiServer (registry, an API group provider and the CRD
// provider). The protobuf document decodes to the JSON one; every resource and subresource discovery lists
// has its paths with the operations its verbs allow, each write declaring dryRun, fieldManager and
// fieldValidation; every $ref resolves; ETag, 304 and 406 behave as kube-openapi's handler.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { decodeOpenApiV2Document } from '../../src/apiserver/openapi/testing.js';
import { MemoryStore } from '../../src/storage/index.js';
import { widgetProvider } from '../support/widget-provider.js';

type Json = Record<string, unknown>;
interface Answer { code: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
interface ApiResource { name: string; namespaced: boolean; kind: string; verbs: string[]; group?: string; version?: string }

const protobufType = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'];
/** HTTP methods of a path item. */
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
/** Subresources whose operations are upstream's `connect` (any method, no write parameters). */
const connectSubresources = new Set(['exec', 'attach', 'portforward', 'proxy']);

describe('/openapi/v2', () => {
  let dir: string;
  let api: ApiServer;
  let url: string;
  let token: string;
  let ca: string;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Answer> => new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { ca, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
  const getJson = async (path: string): Promise<Json> => {
    const r = await get(path, { accept: 'application/json' });
    assert.equal(r.code, 200, `${path}: ${r.body.toString('utf8')}`);
    return JSON.parse(r.body.toString('utf8')) as Json;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-openapi-v2-'));
    const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    token = pki.adminToken;
    ca = pki.caCertPem;
    const authenticator = createAuthenticator({ tokens: new Map([[token, { name: 'admin', groups: ['system:masters'] }]]) });
    api = new ApiServer({ store: new MemoryStore(), authenticator, apiProviders: [widgetProvider()] });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    url = `https://127.0.0.1:${port}`;
  });
  after(async () => {
    await api?.[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the protobuf document (either media type name) decodes to the JSON document under the same ETag', async () => {
    const json = await get('/openapi/v2');
    assert.equal(json.headers['content-type'], 'application/json');
    for (const accept of [protobufType, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf']) {
      const pb = await get('/openapi/v2', { accept });
      assert.equal(pb.code, 200);
      assert.equal(pb.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      assert.equal(pb.headers['etag'], json.headers['etag']);
      assert.deepEqual(decodeOpenApiV2Document(pb.body), JSON.parse(json.body.toString('utf8')));
    }
    assert.match(String(json.headers['etag']), /^"[0-9A-F]{128}"$/);
    assert.match(String(json.headers['vary']), /^Accept\b/);
  });

  test('every resource and subresource in discovery has its paths and operations, writes with dryRun, fieldManager and fieldValidation', async () => {
    const doc = await getJson('/openapi/v2');
    const paths = doc['paths'] as Record<string, Json>;
    const groups = (await getJson('/apis'))['groups'] as { versions: { groupVersion: string }[] }[];
    const groupVersions = ['v1', ...groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    const problems: string[] = [];
    let checked = 0;
    for (const gv of groupVersions) {
      const prefix = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
      const [group, version] = gv === 'v1' ? ['', 'v1'] : gv.split('/') as [string, string];
      const list = (await getJson(prefix))['resources'] as ApiResource[];
      const byName = new Map(list.map((r) => [r.name, r]));
      for (const r of list) {
        const [plural, sub] = r.name.split('/') as [string, string | undefined];
        if (sub !== undefined && !byName.has(plural)) continue; // a provider's `pods/<metric>`-style name
        const parent = byName.get(plural) ?? r;
        const base = `${prefix}${parent.namespaced ? '/namespaces/{namespace}' : ''}/${plural}`;
        const gvk = { group: r.group ?? group, version: r.version ?? version, kind: r.kind };
        const expect = (path: string, method: string, action: string, params: readonly string[]): void => {
          checked++;
          const op = paths[path]?.[method] as Json | undefined;
          if (!op) return void problems.push(`${gv} ${r.name}: no ${method} ${path}`);
          if (op['x-kubernetes-action'] !== action) problems.push(`${method} ${path}: action ${String(op['x-kubernetes-action'])}, want ${action}`);
          if (JSON.stringify(op['x-kubernetes-group-version-kind']) !== JSON.stringify(gvk)) problems.push(`${method} ${path}: GVK ${JSON.stringify(op['x-kubernetes-group-version-kind'])}, want ${JSON.stringify(gvk)}`);
          const names = ((op['parameters'] ?? []) as Json[]).filter((p) => p['in'] === 'query').map((p) => p['name']);
          for (const p of params) if (!names.includes(p)) problems.push(`${method} ${path}: no ${p} parameter`);
          if (params.length === 0 && names.some((n) => writeParams.includes(String(n)))) problems.push(`${method} ${path}: unexpected write parameters ${names.join(',')}`);
        };
        if (sub === undefined) {
          if (r.verbs.includes('list')) expect(base, 'get', 'list', []);
          if (r.verbs.includes('list') && r.namespaced) expect(`${prefix}/${plural}`, 'get', 'list', []);
          if (r.verbs.includes('create')) expect(base, 'post', 'post', writeParams);
          if (r.verbs.includes('deletecollection')) expect(base, 'delete', 'deletecollection', ['dryRun']);
          if (r.verbs.includes('get')) expect(`${base}/{name}`, 'get', 'get', []);
          if (r.verbs.includes('update')) expect(`${base}/{name}`, 'put', 'put', writeParams);
          if (r.verbs.includes('patch')) expect(`${base}/{name}`, 'patch', 'patch', [...writeParams, 'force']);
          if (r.verbs.includes('delete')) expect(`${base}/{name}`, 'delete', 'delete', ['dryRun']);
          continue;
        }
        const path = `${base}/{name}/${sub}`;
        const connect = connectSubresources.has(sub);
        const verbMethods: [string, string, string][] = [['get', 'get', 'get'], ['update', 'put', 'put'], ['patch', 'patch', 'patch'], ['create', 'post', 'post'], ['delete', 'delete', 'delete']];
        for (const [verb, method, action] of verbMethods) {
          if (!r.verbs.includes(verb)) continue;
          const params: readonly string[] = connect || verb === 'get' || verb === 'delete' ? [] : verb === 'patch' ? [...writeParams, 'force'] : writeParams;
          expect(path, method, connect ? 'connect' : action, params);
          if (sub === 'proxy') expect(`${path}/{path}`, method, 'connect', []);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked > 300, `only ${checked} operations checked`);
    const unmarked = Object.entries(paths).flatMap(([path, item]) => methods.filter((m) => item[m] !== undefined && typeof (item[m] as Json)['x-kubernetes-action'] !== 'string').map((m) => `${m} ${path}`));
    assert.deepEqual(unmarked, [], 'every operation carries x-kubernetes-action');
  });

  test('every $ref resolves and every registry kind has a definition carrying its GVK', async () => {
    const doc = await getJson('/openapi/v2');
    const definitions = doc['definitions'] as Record<string, Json>;
    const dangling: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string' && !(x.replace('#/definitions/', '') in definitions)) dangling.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    assert.deepEqual(dangling, []);
    const gvks = new Set(Object.values(definitions).flatMap((d) => ((d['x-kubernetes-group-version-kind'] ?? []) as Json[]).map((g) => `${String(g['group'])}/${String(g['version'])}/${String(g['kind'])}`)));
    for (const k of ['/v1/Pod', 'apps/v1/Deployment', 'authentication.k8s.io/v1/TokenReview', 'authorization.k8s.io/v1/SubjectAccessReview', 'authorization.k8s.io/v1/LocalSubjectAccessReview', 'policy/v1/Eviction', 'widgets.test.skiff.io/v1alpha1/Widget']) {
      assert.ok(gvks.has(k), k);
    }
  });

  test('If-None-Match gives 304, an unacceptable type 406, gzip when asked, and the document is built once', async () => {
    const first = await get('/openapi/v2', { accept: protobufType, 'accept-encoding': 'gzip' });
    assert.equal(first.headers['content-encoding'], 'gzip');
    const plain = await get('/openapi/v2', { accept: protobufType });
    assert.deepEqual(gunzipSync(first.body), plain.body);
    const etag = String(first.headers['etag']);
    const notModified = await get('/openapi/v2', { accept: protobufType, 'if-none-match': etag });
    assert.deepEqual([notModified.code, notModified.body.length, notModified.headers['etag']], [304, 0, etag]);
    assert.equal((await get('/openapi/v2', { 'if-none-match': '"other"' })).code, 200);
    const refused = await get('/openapi/v2', { accept: 'text/html' });
    assert.deepEqual([refused.code, refused.body.length], [406, 0]);
    // Cached: the same Last-Modified on every answer (a rebuild would move it).
    assert.equal((await get('/openapi/v2')).headers['last-modified'], first.headers['last-modified']);
  });
});
