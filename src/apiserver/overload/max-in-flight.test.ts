import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from '../http/request-info.js';
import { MaxInFlightLimiter } from './max-in-flight.js';
import { isLongRunning } from './long-running.js';

const info = (method: string, path: string, query = '') => parseRequestInfo(method, path, new URLSearchParams(query));
const alice = { name: 'alice', groups: ['system:authenticated'] };
const admin = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };

test('MaxInFlightLimiter admits up to each limit, separately for read-only and mutating requests', () => {
  const l = new MaxInFlightLimiter({ maxRequestsInflight: 2, maxMutatingRequestsInflight: 1 });
  const get = info('GET', '/api/v1/namespaces/default/pods');
  const post = info('POST', '/api/v1/namespaces/default/pods');
  const a = l.admit(get, 'GET', alice);
  const b = l.admit(get, 'GET', alice);
  assert.deepEqual([a.admitted, b.admitted, l.admit(get, 'GET', alice).admitted], [true, true, false]);
  assert.equal(l.admit(post, 'POST', alice).admitted, true, 'mutating requests have their own limit');
  assert.equal(l.admit(info('DELETE', '/api/v1/namespaces/default/pods/p'), 'DELETE', alice).admitted, false);
  assert.deepEqual([l.inFlight, l.rejected], [{ readOnly: 2, mutating: 1 }, 2]);
  if (a.admitted) { a.release(); a.release(); }
  assert.equal(l.inFlight.readOnly, 1, 'release is idempotent');
  assert.equal(l.admit(get, 'GET', alice).admitted, true);
});

test('MaxInFlightLimiter serves system:masters beyond the limit without counting them', () => {
  const l = new MaxInFlightLimiter({ maxRequestsInflight: 1, maxMutatingRequestsInflight: 1 });
  const get = info('GET', '/api/v1/pods');
  assert.equal(l.admit(get, 'GET', admin).admitted, true);
  assert.equal(l.admit(get, 'GET', admin).admitted, true);
  assert.equal(l.admit(get, 'GET', alice).admitted, false);
  assert.deepEqual(l.inFlight, { readOnly: 1, mutating: 0 });
});

test('MaxInFlightLimiter does not count long-running requests, and 0 means no limit', () => {
  const l = new MaxInFlightLimiter({ maxRequestsInflight: 1, maxMutatingRequestsInflight: 0 });
  for (const [m, p, q] of [['GET', '/api/v1/pods', 'watch=true'], ['GET', '/api/v1/namespaces/d/pods/p/log', 'follow=true'], ['GET', '/api/v1/namespaces/d/pods/p/exec', ''], ['GET', '/api/v1/nodes/n1/proxy/stats/summary', '']] as const) {
    assert.equal(isLongRunning(info(m, p, q)), true, p);
    assert.equal(l.admit(info(m, p, q), m, alice).admitted, true);
  }
  assert.deepEqual(l.inFlight, { readOnly: 0, mutating: 0 });
  for (let i = 0; i < 5; i++) assert.equal(l.admit(info('POST', '/api/v1/namespaces/d/configmaps'), 'POST', alice).admitted, true);
  assert.equal(isLongRunning(info('GET', '/api/v1/pods')), false);
  assert.throws(() => new MaxInFlightLimiter({ maxRequestsInflight: -1, maxMutatingRequestsInflight: 0 }), /"maxRequestsInflight" must be a non-negative integer, not -1/);
});
