// Integration: bookmarks only when asked (driven by a fake clock), and YAML request bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, HttpsTransport, type WatchEvent } from '../../src/client/index.js';
import { lookupResource } from '../../src/api/index.js';
import { FakeClock } from '../../src/util/index.js';
import { eventually } from '../support/eventually.js';

const cm = lookupResource('', 'v1', 'configmaps')!;

test('watch sends BOOKMARK events with the current resourceVersion only when allowWatchBookmarks is set; YAML bodies decode', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bm-'));
  const clock = new FakeClock(Date.now());
  const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const api = new ApiServer({ store: new MemoryStore(), clock, authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }) });
  const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
  await api.start();
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem, token: pki.adminToken });
  const client = new Client({ transport, fieldManager: 'test' });
  try {
    const yamlBody = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n';
    const code = await new Promise<number>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/namespaces/default/configmaps', ca: pki.caCertPem, headers: { Authorization: `Bearer ${pki.adminToken}`, 'Content-Type': 'application/yaml' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      r.on('error', reject);
      r.end(yamlBody);
    });
    assert.equal(code, 201);
    assert.deepEqual((await client.get(cm, 'default', 'from-yaml'))['data'], { a: 'b' });
    const list = await client.list(cm, 'default');
    const withBm: WatchEvent[] = [];
    const without: WatchEvent[] = [];
    const a1 = new AbortController();
    const a2 = new AbortController();
    const w1 = client.watch(cm, 'default', { resourceVersion: list.resourceVersion, allowWatchBookmarks: true, signal: a1.signal }, (ev) => withBm.push(ev));
    const w2 = client.watch(cm, 'default', { resourceVersion: list.resourceVersion, signal: a2.signal }, (ev) => without.push(ev));
    await eventually(() => assert.equal(api.storeFor(cm).cache.watcherCount, 2));
    clock.advance(16_000);
    await eventually(() => assert.equal(withBm.filter((e) => e.type === 'BOOKMARK').length, 1));
    const bm = withBm.find((e) => e.type === 'BOOKMARK')!;
    assert.deepEqual(bm.object, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: list.resourceVersion } });
    assert.equal(without.length, 0);
    a1.abort();
    a2.abort();
    await Promise.all([w1, w2]);
  } finally {
    transport.close();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  }
});
