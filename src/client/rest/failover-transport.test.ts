import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/index.js';
import { FailoverTransport } from './failover-transport.js';
import type { Transport } from './transport.js';

const failing = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });

function server(name: string, state: { down: string | undefined; calls: string[] }): Transport {
  return {
    async request(req) {
      state.calls.push(`${name} ${req.method} ${req.path}`);
      if (state.down) throw failing(state.down);
      return { from: name };
    },
    async stream(req) { state.calls.push(`${name} watch ${req.path}`); if (state.down) throw failing(state.down); },
  };
}

test('FailoverTransport: a refused connection goes to the next server at once and stays there; HTTP errors come back as they are', async () => {
  const a = { down: undefined as string | undefined, calls: [] as string[] };
  const b = { down: undefined as string | undefined, calls: [] as string[] };
  const switched: number[] = [];
  const t = new FailoverTransport([server('a', a), server('b', b)], { onSwitch: (i) => switched.push(i) });
  assert.deepEqual(await t.request({ method: 'GET', path: '/x' }), { from: 'a' });
  a.down = 'ECONNREFUSED';
  assert.deepEqual(await t.request({ method: 'POST', path: '/y' }), { from: 'b' }, 'not sent: tried on the next');
  assert.deepEqual(await t.request({ method: 'GET', path: '/z' }), { from: 'b' }, 'stays on the server that answers');
  assert.deepEqual([a.calls, b.calls, switched], [['a GET /x', 'a POST /y'], ['b POST /y', 'b GET /z'], [1]]);
  // A reset may have been sent: it fails, and the retry goes to the next server.
  b.down = 'ECONNRESET';
  a.down = undefined;
  await assert.rejects(t.request({ method: 'POST', path: '/w' }), { code: 'ECONNRESET' });
  assert.deepEqual(await t.request({ method: 'POST', path: '/w' }), { from: 'a' });
  // Every server down: the last error.
  a.down = 'ECONNREFUSED';
  b.down = 'ECONNREFUSED';
  await assert.rejects(t.request({ method: 'GET', path: '/v' }), { code: 'ECONNREFUSED' });
  await assert.rejects(t.stream({ method: 'GET', path: '/watch' }, () => undefined), { code: 'ECONNREFUSED' });
});

test('FailoverTransport: an answer of the cluster (ApiError) is not a reason to move', async () => {
  let calls = 0;
  const answering: Transport = { request: async () => { calls++; throw new ApiError(409, 'Conflict', 'the object has been modified'); }, stream: async () => undefined };
  const other: Transport = { request: async () => { throw new Error('must not be asked'); }, stream: async () => undefined };
  const t = new FailoverTransport([answering, other]);
  await assert.rejects(t.request({ method: 'PUT', path: '/a' }), /the object has been modified/);
  assert.equal(calls, 1);
  assert.equal(t.current, 0);
});
