import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/index.js';
import { FakeClock, silentLogger } from '../../util/index.js';
import type { Client } from '../rest/client.js';
import { ApiEventRecorder } from './recorder.js';

function fakeClient(): { client: Client; created: KubeObject[]; patches: unknown[] } {
  const created: KubeObject[] = [];
  const patches: unknown[] = [];
  const client = {
    create: async (_r: unknown, _ns: string, obj: KubeObject) => { created.push(obj); return obj; },
    patch: async (_r: unknown, _ns: string, _name: string, p: unknown) => { patches.push(p); return {}; },
  } as unknown as Client;
  return { client, created, patches };
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'u1', resourceVersion: '7' } };

test('ApiEventRecorder.event() creates once, then bumps count and lastTimestamp for the same event', async () => {
  const clock = new FakeClock(Date.UTC(2026, 10, 22, 10));
  const { client, created, patches } = fakeClient();
  const r = new ApiEventRecorder({ client, component: 'test-controller', clock, logger: silentLogger });
  r.event(pod, 'Normal', 'Scheduled', 'on node-1');
  clock.advance(5000);
  r.event(pod, 'Normal', 'Scheduled', 'on node-1');
  r.event(pod, 'Warning', 'Failed', 'boom');
  await r.flush();
  assert.equal(created.length, 2);
  const e = created[0]!;
  assert.match(String((e.metadata as { name: string }).name), /^web-0\.[0-9a-f]+$/);
  assert.deepEqual({ ...e, metadata: undefined }, {
    apiVersion: 'v1', kind: 'Event', metadata: undefined, involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' },
    reason: 'Scheduled', message: 'on node-1', type: 'Normal', source: { component: 'test-controller' }, firstTimestamp: '2026-11-22T10:00:00Z', lastTimestamp: '2026-11-22T10:00:00Z',
    count: 1, reportingComponent: 'test-controller', reportingInstance: '',
  });
  assert.deepEqual(patches, [{ count: 2, lastTimestamp: '2026-11-22T10:00:05Z' }]);
});
