// Integration: the embedded controllers' InProcessTransport drives the full API handler without sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, type WatchEvent } from '../../src/client/index.js';
import { isAlreadyExists, isNotFound, lookupResource } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { eventually } from '../support/eventually.js';

const cm = lookupResource('', 'v1', 'configmaps')!;

test('InProcessTransport serves CRUD, errors and watches through the API handler', async () => {
  const api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([['secret', { name: 'admin', groups: ['system:masters'] }]]) }) });
  await api.start();
  try {
    const client = new Client({ transport: new InProcessTransport({ server: api, token: 'secret', userAgent: 'test' }), fieldManager: 'test' });
    const created = await client.create(cm, 'default', { metadata: { name: 'a' }, data: { k: 'v' } });
    assert.match(String((created.metadata as { uid?: string }).uid), /^[0-9a-f-]{36}$/);
    await assert.rejects(client.create(cm, 'default', { metadata: { name: 'a' } }), (e: unknown) => isAlreadyExists(e));
    await assert.rejects(client.get(cm, 'default', 'nope'), (e: unknown) => isNotFound(e));
    const list = await client.list(cm, 'default');
    const events: WatchEvent[] = [];
    const abort = new AbortController();
    const watching = client.watch(cm, 'default', { resourceVersion: list.resourceVersion, signal: abort.signal }, (ev) => events.push(ev));
    await client.patch(cm, 'default', 'a', { data: { k: 'w' } });
    await client.delete(cm, 'default', 'a');
    await eventually(() => assert.deepEqual(events.map((e) => e.type), ['MODIFIED', 'DELETED']));
    abort.abort();
    await watching;
    const bad = new Client({ transport: new InProcessTransport({ server: api, token: 'wrong', userAgent: 'test' }), fieldManager: 'test' });
    await assert.rejects(bad.list(cm, 'default'), (e: unknown) => (e as { code?: number }).code === 401);
  } finally {
    await api[Symbol.asyncDispose]();
  }
});
