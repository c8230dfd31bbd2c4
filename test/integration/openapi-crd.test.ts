// Integration: an established CRD's custom resources in /openapi/v3 and /openapi/v2 of an in-process ApiServer: the
// group-version listed in the v3 root with its hash, its document's paths (upstream's operation ids, no strategic
// merge patch, the resource's GVK on subresources) and definitions; the v2 document (JSON and protobuf) with the
// v2 form of the schema; both documents change when the CRD does, and the CRD's removal takes them away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { decodeOpenApiV2Document } from '../../src/apiserver/openapi/testing.js';
import { MemoryStore } from '../../src/storage/index.js';

type Json = Record<string, unknown>;
interface Answer { code: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const crdName = 'crontabs.stable.example.com';
const gv = 'apis/stable.example.com/v1';

function cronTabCrd(description: string): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crdName },
    spec: {
      group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', description, properties: { replicas: { type: 'integer', nullable: true, default: 1 } } } } } },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      }],
    },
  };
}

describe('custom resources in /openapi/v3 and /openapi/v2', () => {
  let dir: string;
  let api: ApiServer;
  let url: string;
  let token: string;
  let ca: string;
  const call = (method: string, path: string, o: { body?: unknown; accept?: string } = {}): Promise<Answer> => new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: o.accept ?? 'application/json' };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const req = request(`${url}${path}`, { method, ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(o.body === undefined ? undefined : JSON.stringify(o.body));
  });
  const json = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await call(method, path, body === undefined ? {} : { body });
    assert.ok(r.code >= 200 && r.code < 300, `${method} ${path}: ${r.code} ${r.body.toString('utf8')}`);
    return JSON.parse(r.body.toString('utf8')) as Json;
  };
  /** Writes the CRD and marks it Established (no controllers run here). */
  const establish = async (crd: Json): Promise<void> => {
    const current = await call('GET', `${crdPath}/${crdName}`);
    const written = current.code === 404
      ? await json('POST', crdPath, crd)
      : await json('PUT', `${crdPath}/${crdName}`, { ...crd, metadata: { ...(crd['metadata'] as Json), resourceVersion: ((JSON.parse(current.body.toString('utf8')) as Json)['metadata'] as Json)['resourceVersion'] } });
    const names = { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' };
    const conditions = [{ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }];
    await json('PUT', `${crdPath}/${crdName}/status`, { ...written, status: { acceptedNames: names, storedVersions: ['v1'], conditions: conditions.map((c) => ({ ...c, lastTransitionTime: '2024-01-01T00:00:00Z' })) } });
  };
  const v3Root = async (): Promise<Record<string, { serverRelativeURL: string }>> => (await json('GET', '/openapi/v3'))['paths'] as Record<string, { serverRelativeURL: string }>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-openapi-crd-'));
    const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    token = pki.adminToken;
    ca = pki.caCertPem;
    const authenticator = createAuthenticator({ tokens: new Map([[token, { name: 'admin', groups: ['system:masters'] }]]) });
    api = new ApiServer({ store: new MemoryStore(), authenticator });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    url = `https://127.0.0.1:${port}`;
    await establish(cronTabCrd('What to run.'));
  });
  after(async () => {
    await api?.[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the v3 root lists the group-version; its document has upstream\'s paths and the kind\'s definitions', async () => {
    const root = await v3Root();
    const entry = root[gv]?.serverRelativeURL ?? '';
    assert.match(entry, /^\/openapi\/v3\/apis\/stable\.example\.com\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await json('GET', entry);
    const paths = doc['paths'] as Record<string, Record<string, Json>>;
    const gvk = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
    const ops = Object.entries(paths).flatMap(([p, item]) => Object.entries(item).filter(([m]) => m !== 'parameters').map(([m, op]) => [`${m} ${p}`, op['operationId'], op['x-kubernetes-group-version-kind']]));
    assert.deepEqual(ops.map(([, id]) => id).sort(), [
      'createStableExampleComV1NamespacedCronTab', 'deleteCollectionStableExampleComV1NamespacedCronTab', 'deleteStableExampleComV1NamespacedCronTab',
      'listStableExampleComV1CronTabForAllNamespaces', 'listStableExampleComV1NamespacedCronTab',
      'patchStableExampleComV1NamespacedCronTab', 'patchStableExampleComV1NamespacedCronTabScale', 'patchStableExampleComV1NamespacedCronTabStatus',
      'readStableExampleComV1NamespacedCronTab', 'readStableExampleComV1NamespacedCronTabScale', 'readStableExampleComV1NamespacedCronTabStatus',
      'replaceStableExampleComV1NamespacedCronTab', 'replaceStableExampleComV1NamespacedCronTabScale', 'replaceStableExampleComV1NamespacedCronTabStatus',
    ]);
    assert.deepEqual(ops.filter(([, , g]) => JSON.stringify(g) !== JSON.stringify(gvk)), [], 'every operation, scale\'s included, carries the CronTab GVK');
    const patch = paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}']?.['patch'] as Json;
    assert.deepEqual(Object.keys(((patch['requestBody'] as Json)['content'] as Json)), ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    assert.ok((patch['parameters'] as Json[]).some((p) => p['name'] === 'fieldValidation' && p['in'] === 'query'));
    const scaleGet = paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale']?.['get'] as Json;
    assert.deepEqual(((scaleGet['responses'] as Json)['200'] as Json)['content'], Object.fromEntries(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'].map((t) => [t, { schema: { $ref: '#/components/schemas/io.k8s.api.autoscaling.v1.Scale' } }])));
    const schemas = (doc['components'] as Json)['schemas'] as Record<string, Json>;
    const kind = schemas['com.example.stable.v1.CronTab'] as Json;
    assert.deepEqual(kind['x-kubernetes-group-version-kind'], [gvk]);
    const props = kind['properties'] as Record<string, Json>;
    assert.deepEqual(props['spec'], { type: 'object', description: 'What to run.', properties: { replicas: { type: 'integer', nullable: true, default: 1 } } });
    assert.deepEqual((props['metadata'] as Json)['allOf'], [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.deepEqual(((schemas['com.example.stable.v1.CronTabList'] as Json)['properties'] as Record<string, Json>)['items'], { type: 'array', description: 'List of crontabs. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md', items: { $ref: '#/components/schemas/com.example.stable.v1.CronTab' } });
    for (const name of ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', 'io.k8s.api.autoscaling.v1.Scale']) assert.ok(name in schemas, name);
  });

  test('/openapi/v2 holds the paths and the v2 form of the definitions, in JSON and protobuf alike', async () => {
    const r = await call('GET', '/openapi/v2');
    const doc = JSON.parse(r.body.toString('utf8')) as Json;
    const definitions = doc['definitions'] as Record<string, Json>;
    assert.deepEqual(((definitions['com.example.stable.v1.CronTab'] as Json)['properties'] as Record<string, Json>)['spec'], { type: 'object', description: 'What to run.', properties: { replicas: {} } });
    assert.equal(((definitions['com.example.stable.v1.CronTab'] as Json)['properties'] as Record<string, Json>)['metadata']?.['$ref'], '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.ok('com.example.stable.v1.CronTabList' in definitions);
    const patch = (doc['paths'] as Record<string, Record<string, Json>>)['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}']?.['patch'];
    assert.deepEqual(patch?.['consumes'], ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    const pb = await call('GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.deepEqual(decodeOpenApiV2Document(pb.body), doc);
  });

  test('a changed CRD changes its v3 document (hash) and the v2 document (ETag), not the other group-versions; a deleted one leaves both', async () => {
    const v3Before = await v3Root();
    const v2Before = (await call('GET', '/openapi/v2')).headers['etag'];
    await establish(cronTabCrd('What to run, changed.'));
    const v3After = await v3Root();
    assert.notEqual(v3After[gv]?.serverRelativeURL, v3Before[gv]?.serverRelativeURL);
    assert.equal(v3After['apis/apps/v1']?.serverRelativeURL, v3Before['apis/apps/v1']?.serverRelativeURL);
    const doc = await json('GET', v3After[gv]?.serverRelativeURL ?? '');
    assert.equal(((((doc['components'] as Json)['schemas'] as Record<string, Json>)['com.example.stable.v1.CronTab']?.['properties'] as Record<string, Json>)['spec'])?.['description'], 'What to run, changed.');
    const v2After = await call('GET', '/openapi/v2');
    assert.notEqual(v2After.headers['etag'], v2Before);
    assert.match(v2After.body.toString('utf8'), /What to run, changed\./);

    await json('DELETE', `${crdPath}/${crdName}`);
    // The cleanup finalizer keeps the CRD until its resources are gone; without controllers, drop it by hand.
    const left = await call('GET', `${crdPath}/${crdName}`);
    if (left.code === 200) await json('PUT', `${crdPath}/${crdName}`, { ...(JSON.parse(left.body.toString('utf8')) as Json), metadata: { ...((JSON.parse(left.body.toString('utf8')) as Json)['metadata'] as Json), finalizers: [] } });
    assert.equal((await v3Root())[gv], undefined);
    assert.equal((await call('GET', `/openapi/v3/${gv}`)).code, 404);
    assert.doesNotMatch((await call('GET', '/openapi/v2')).body.toString('utf8'), /com\.example\.stable\.v1\.CronTab/);
  });
});
