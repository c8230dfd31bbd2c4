// Integration: the generic REST machinery through HTTPS on an in-process server (memory store).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki, type Pki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, HttpsTransport, type WatchEvent } from '../../src/client/index.js';
import { isConflict, isNotFound, lookupResource, ApiError, type KubeObject } from '../../src/api/index.js';
import { eventually } from '../support/eventually.js';

const cm = lookupResource('', 'v1', 'configmaps')!;
const sts = lookupResource('apps', 'v1', 'statefulsets')!;
const ns = lookupResource('', 'v1', 'namespaces')!;

describe('generic registry over HTTPS', () => {
  let dir: string;
  let api: ApiServer;
  let client: Client;
  let transport: HttpsTransport;
  let pki: Pki;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-int-'));
    pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }) });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    transport = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem, token: pki.adminToken });
    client = new Client({ transport, fieldManager: 'test' });
  });
  after(async () => {
    transport.close();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  test('create() sets uid, creationTimestamp, resourceVersion; generateName makes a name', async () => {
    const o = await client.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { a: 'b' } });
    const m = o.metadata as Record<string, string>;
    assert.match(m['name']!, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.match(m['uid']!, /^[0-9a-f-]{36}$/);
    assert.match(m['creationTimestamp']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(m['resourceVersion']!, /^\d+$/);
    assert.equal(m['namespace'], 'default');
  });

  test('update() with a stale resourceVersion is a 409 Conflict', async () => {
    const o = await client.create(cm, 'default', { metadata: { name: 'occ' }, data: { v: '1' } });
    const fresh = await client.update(cm, { ...o, data: { v: '2' } });
    assert.notEqual((fresh.metadata as Record<string, string>)['resourceVersion'], (o.metadata as Record<string, string>)['resourceVersion']);
    await assert.rejects(client.update(cm, { ...o, data: { v: '3' } }), (e: unknown) => isConflict(e));
  });

  test('an update naming another uid is 422 (metadata.uid is immutable); one without a uid keeps it; a patch that removes the name is 400', async () => {
    const o = await client.create(cm, 'default', { metadata: { name: 'ident', labels: { keep: 'me' } }, data: { v: '1' } });
    const uid = (o.metadata as Record<string, string>)['uid'];
    await assert.rejects(client.update(cm, { ...o, metadata: { ...o.metadata, uid: 'other' } }), (e: unknown) => e instanceof ApiError && e.code === 422 && e.message === 'ConfigMap "ident" is invalid: metadata.uid: Invalid value: "other": field is immutable');
    const { uid: _u, ...withoutUid } = o.metadata as Record<string, string>;
    const kept = await client.update(cm, { ...o, metadata: withoutUid, data: { v: '2' } });
    assert.equal((kept.metadata as Record<string, string>)['uid'], uid);
    await assert.rejects(client.patch(cm, 'default', 'ident', { metadata: null }, 'merge'), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'the name of the object (ident based on URL) was undeterminable: name must be provided');
    const after = await client.get(cm, 'default', 'ident');
    assert.deepEqual([(after.metadata as Record<string, unknown>)['labels'], after['data']], [{ keep: 'me' }, { v: '2' }]);
  });

  test('spec changes bump generation; /status writes change only status', async () => {
    const body: KubeObject = { metadata: { name: 'web' }, spec: { serviceName: 'nginx', selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } };
    const created = await client.create(sts, 'default', body);
    assert.equal((created.metadata as Record<string, number>)['generation'], 1);
    const relabeled = await client.patch(sts, 'default', 'web', { metadata: { labels: { x: 'y' } } });
    assert.equal((relabeled.metadata as Record<string, number>)['generation'], 1);
    const scaled = await client.patch(sts, 'default', 'web', { spec: { replicas: 3 } });
    assert.equal((scaled.metadata as Record<string, number>)['generation'], 2);
    const st = await client.patch(sts, 'default', 'web', { status: { replicas: 3, observedGeneration: 2 }, spec: { replicas: 9 } }, 'merge', 'status');
    assert.deepEqual([(st['spec'] as { replicas: number }).replicas, (st['status'] as { replicas: number }).replicas], [3, 3]);
    const ignored = await client.patch(sts, 'default', 'web', { status: { replicas: 7 } });
    assert.equal((ignored['status'] as { replicas: number }).replicas, 3, 'the main resource ignores status changes');
  });

  test('list() pages with limit/continue on a consistent snapshot', async () => {
    for (let i = 0; i < 7; i++) await client.create(cm, 'paging-ns-absent-is-404', { metadata: { name: `p${i}` } }).catch((e: unknown) => assert.ok(isNotFound(e)));
    await client.create(ns, '', { metadata: { name: 'paging' } });
    for (let i = 0; i < 7; i++) await client.create(cm, 'paging', { metadata: { name: `p${i}` } });
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await transport.request({ method: 'GET', path: '/api/v1/namespaces/paging/configmaps', query: { limit: '3', continue: cont } }) as { items: KubeObject[]; metadata: { continue?: string } };
      names.push(...page.items.map((o) => (o.metadata as { name: string }).name));
      cont = page.metadata.continue;
      pages++;
      if (pages === 1) await client.create(cm, 'paging', { metadata: { name: 'p-late' } });
    } while (cont);
    assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    assert.equal(pages, 3);
  });

  test('watch() from a resourceVersion replays later events; selector transitions produce ADDED/DELETED', async () => {
    const list = await client.list(cm, 'default');
    const events: string[] = [];
    const abort = new AbortController();
    const done = client.watch(cm, 'default', { resourceVersion: list.resourceVersion, labelSelector: 'w=1', signal: abort.signal }, (ev: WatchEvent) => {
      events.push(`${ev.type} ${(ev.object.metadata as { name: string }).name}`);
    });
    await client.create(cm, 'default', { metadata: { name: 'wa', labels: { w: '1' } } });
    await client.create(cm, 'default', { metadata: { name: 'wb' } });
    await client.patch(cm, 'default', 'wb', { metadata: { labels: { w: '1' } } });
    await client.patch(cm, 'default', 'wa', { metadata: { labels: { w: '2' } } });
    await client.delete(cm, 'default', 'wb');
    await eventually(() => assert.deepEqual(events, ['ADDED wa', 'ADDED wb', 'DELETED wa', 'DELETED wb']));
    abort.abort();
    await done;
  });

  test('finalizers keep a deleted object with a deletionTimestamp until they are removed', async () => {
    await client.create(cm, 'default', { metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    await client.delete(cm, 'default', 'fin');
    const held = await client.get(cm, 'default', 'fin');
    assert.match(String((held.metadata as Record<string, unknown>)['deletionTimestamp']), /Z$/);
    await client.patch(cm, 'default', 'fin', { metadata: { finalizers: null } });
    await assert.rejects(client.get(cm, 'default', 'fin'), (e: unknown) => isNotFound(e));
  });

  test('dryRun=All validates without persisting', async () => {
    await transport.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', query: { dryRun: 'All' }, body: { metadata: { name: 'dry' } } });
    await assert.rejects(client.get(cm, 'default', 'dry'), (e: unknown) => isNotFound(e));
  });

  test('requests without credentials get 401', async () => {
    const port = (api.httpsServer!.address() as { port: number }).port;
    const anon = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem });
    await assert.rejects(anon.request({ method: 'GET', path: '/api/v1/namespaces' }), (e: unknown) => e instanceof ApiError && e.code === 401);
    assert.equal(await anon.request({ method: 'GET', path: '/version' }).then((v) => (v as { minor: string }).minor), '32');
    anon.close();
  });
});

describe('patch retries a write that lost a race', () => {
  test('a concurrent write between the patch\'s read and its write is retried, not answered 409', async () => {
    // The store lets another write land just before the patch's own (once): the patch's write then fails on the
    // revision, as it does when a controller updates the object at that moment.
    let raced = false;
    class RacyStore extends MemoryStore {
      override async update(key: string, value: Uint8Array, expected: number): Promise<Awaited<ReturnType<MemoryStore['update']>>> {
        if (!raced && key.endsWith('/racy')) {
          raced = true;
          const current = await this.get(key);
          const obj = JSON.parse(Buffer.from(current!.value).toString()) as KubeObject;
          (obj.metadata as Record<string, unknown>)['annotations'] = { 'by-controller': 'yes' };
          await super.update(key, Buffer.from(JSON.stringify(obj)), current!.modRevision);
        }
        return super.update(key, value, expected);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'skiff-race-'));
    const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    const api = new ApiServer({ store: new RacyStore(), authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }) });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    const transport = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem, token: pki.adminToken });
    try {
      const c = new Client({ transport, fieldManager: 'test' });
      await c.create(cm, 'default', { metadata: { name: 'racy' }, data: {} });
      const patched = await c.patch(cm, 'default', 'racy', { data: { mine: 'yes' } });
      assert.equal(raced, true);
      assert.deepEqual([patched['data'], (patched.metadata as Record<string, unknown>)['annotations']], [{ mine: 'yes' }, { 'by-controller': 'yes' }]);
    } finally {
      transport.close();
      await api[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
