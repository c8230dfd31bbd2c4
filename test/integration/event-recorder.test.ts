// Integration: ApiEventRecorder writes core/v1 Events through HTTPS to an in-process server (memory store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { ApiEventRecorder, Client, HttpsTransport } from '../../src/client/index.js';
import { lookupResource } from '../../src/api/index.js';
import { FakeClock, silentLogger } from '../../src/util/index.js';

const cm = lookupResource('', 'v1', 'configmaps')!;
const events = lookupResource('', 'v1', 'events')!;

test('ApiEventRecorder.event() counts 3 identical events about a ConfigMap on one Event', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-int-'));
  const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }) });
  const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
  const transport = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: pki.caCertPem, token: pki.adminToken });
  try {
    await api.start();
    const client = new Client({ transport, fieldManager: 'test' });
    const config = await client.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 10));
    const recorder = new ApiEventRecorder({ client, component: 'test-controller', clock, logger: silentLogger });
    for (let i = 0; i < 3; i++) {
      recorder.event(config, 'Normal', 'Synced', 'settings applied');
      clock.advance(1000);
    }
    await recorder[Symbol.asyncDispose]();
    const { items } = await client.list(events, 'default');
    const m = config.metadata as Record<string, unknown>;
    assert.deepEqual(items.map((e) => [e['involvedObject'], e['reason'], e['count'], e['firstTimestamp'], e['lastTimestamp']]), [[
      { kind: 'ConfigMap', namespace: 'default', name: 'settings', uid: m['uid'], apiVersion: 'v1', resourceVersion: m['resourceVersion'] },
      'Synced', 3, '2026-11-22T10:00:00Z', '2026-11-22T10:00:02Z',
    ]]);
  } finally {
    transport.close();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  }
});
