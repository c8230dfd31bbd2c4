// FakeObjectTracker: CRUD with the server's resourceVersion precondition, and reactors that answer first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAlreadyExists, isConflict, isNotFound, lookupResource, type ResourceDescriptor } from '../../api/index.js';
import { Client } from '../rest/client.js';
import { FakeObjectTracker } from './index.js';

const configMaps = lookupResource('', 'v1', 'configmaps') as ResourceDescriptor;

test('FakeObjectTracker serves get, create, update with the resourceVersion precondition, and delete', async () => {
  const tracker = new FakeObjectTracker();
  const client = new Client({ transport: tracker.transport(), fieldManager: 't' });
  const created = await client.create(configMaps, 'default', { metadata: { name: 'a', namespace: 'default' }, data: { k: 'v' } });
  await assert.rejects(client.create(configMaps, 'default', { metadata: { name: 'a', namespace: 'default' } }), (e: unknown) => isAlreadyExists(e));
  const updated = await client.update(configMaps, { ...created, data: { k: 'w' } });
  assert.deepEqual([created.metadata?.['resourceVersion'], updated.metadata?.['resourceVersion'], updated.metadata?.['uid']], ['1', '2', created.metadata?.['uid']]);
  await assert.rejects(client.update(configMaps, { ...created, data: { k: 'stale' } }), (e: unknown) => isConflict(e));
  assert.deepEqual((await client.get(configMaps, 'default', 'a'))['data'], { k: 'w' });
  await client.delete(configMaps, 'default', 'a');
  await assert.rejects(client.get(configMaps, 'default', 'a'), (e: unknown) => isNotFound(e));
  assert.deepEqual(tracker.requests, [
    'POST /api/v1/namespaces/default/configmaps', 'POST /api/v1/namespaces/default/configmaps', 'PUT /api/v1/namespaces/default/configmaps/a',
    'PUT /api/v1/namespaces/default/configmaps/a', 'GET /api/v1/namespaces/default/configmaps/a', 'DELETE /api/v1/namespaces/default/configmaps/a',
    'GET /api/v1/namespaces/default/configmaps/a',
  ]);
});

test('FakeObjectTracker.transport() asks its reactors first', async () => {
  const tracker = new FakeObjectTracker();
  const client = new Client({ transport: tracker.transport({ reactors: [(req) => req.method === 'GET' ? Promise.resolve({ answered: 'by reactor' }) : undefined] }), fieldManager: 't' });
  assert.deepEqual(await client.get(configMaps, 'default', 'x'), { answered: 'by reactor' });
  assert.deepEqual(tracker.requests, []);
});
