// Integration: a watch resumed from a resourceVersion seen before a server restart gets the later events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { SqliteStore } from '../../src/storage/index.js';
import { Client, HttpsTransport, type WatchEvent } from '../../src/client/index.js';
import { lookupResource } from '../../src/api/index.js';

const cm = lookupResource('', 'v1', 'configmaps')!;

async function boot(dir: string): Promise<{ api: ApiServer; client: Client; transport: HttpsTransport; store: SqliteStore }> {
  const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const store = new SqliteStore({ path: join(dir, 'state.db') });
  const api = new ApiServer({ store, authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }) });
  const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
  await api.start();
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem, token: pki.adminToken });
  return { api, client: new Client({ transport, fieldManager: 'test' }), transport, store };
}

async function stop(s: { api: ApiServer; transport: HttpsTransport; store: SqliteStore }): Promise<void> {
  s.transport.close();
  await s.api[Symbol.asyncDispose]();
  await s.store.close();
}

test('ApiServer serves a watch from a pre-restart resourceVersion out of the SQLite log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-restart-'));
  try {
    const a = await boot(dir);
    const first = await a.client.create(cm, 'default', { metadata: { name: 'before' } });
    const rv = String(first.metadata['resourceVersion']);
    await a.client.create(cm, 'default', { metadata: { name: 'after-1' } });
    await a.client.delete(cm, 'default', 'before');
    await stop(a);
    const b = await boot(dir);
    const events: string[] = [];
    await b.client.watch(cm, 'default', { resourceVersion: rv, timeoutSeconds: 1 }, (ev: WatchEvent) => events.push(`${ev.type} ${(ev.object.metadata as { name: string }).name}`));
    assert.deepEqual(events, ['ADDED after-1', 'DELETED before']);
    await stop(b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
