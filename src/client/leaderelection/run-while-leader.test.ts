// runWhileLeader over the fake clock and an in-memory API: components run exactly while the Lease is held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { serviceUnavailable } from '../../api/index.js';
import { FakeClock, silentLogger } from '../../util/index.js';
import { FakeObjectTracker } from '../fake/index.js';
import { Client } from '../rest/client.js';
import { runWhileLeader } from './run-while-leader.js';

const leasePath = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager';

function harness() {
  const clock = new FakeClock();
  const t0 = clock.nowMs();
  const tracker = new FakeObjectTracker();
  const state = { failing: false };
  const client = new Client({
    transport: tracker.transport({ reactors: [() => state.failing ? Promise.reject(serviceUnavailable('the API server is unreachable')) : undefined] }),
    fieldManager: 'kube-controller-manager',
  });
  const log: string[] = [];
  const secs = (): string => ((clock.nowMs() - t0) / 1000).toFixed(1);
  const holder = (): string | undefined => (tracker.get(leasePath) as Lease | undefined)?.spec?.holderIdentity;
  const components = (): AsyncDisposable => {
    log.push(`${secs()} start`);
    return { [Symbol.asyncDispose]: async () => { log.push(`${secs()} dispose (holder ${JSON.stringify(holder())})`); } };
  };
  const settle = async (): Promise<void> => { for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); };
  /** Lets what is due now run, then advances time in 100 ms steps. */
  const elapse = async (ms: number): Promise<void> => {
    await settle();
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await settle();
    }
  };
  const ctx = { client, clock, logger: silentLogger };
  const lease = { namespace: 'kube-system', name: 'kube-controller-manager', identity: 'server-1_x', random: () => 0 };
  return { ctx, lease, state, log, holder, components, elapse };
}

test('runWhileLeader() starts the components on winning the Lease, disposes them when it is lost, starts them again when won back', async () => {
  const h = harness();
  const running = runWhileLeader(h.ctx, h.lease, h.components);
  await h.elapse(3_000);
  h.state.failing = true;
  await h.elapse(17_000);
  h.state.failing = false;
  await h.elapse(4_000);
  // Last renewal at 2 s, so the deadline is 12 s; the first try after the API returns (22 s) renews the Lease it still holds.
  assert.deepEqual(h.log, ['0.0 start', '12.0 dispose (holder "server-1_x")', '22.0 start']);
  await running[Symbol.asyncDispose]();
});

test('runWhileLeader() disposal stops the components before it releases the Lease', async () => {
  const h = harness();
  const running = runWhileLeader(h.ctx, h.lease, h.components);
  await h.elapse(1_000);
  assert.ok(running.isLeader);
  await running[Symbol.asyncDispose]();
  assert.deepEqual(h.log, ['0.0 start', '1.0 dispose (holder "server-1_x")']);
  assert.equal(h.holder(), '');
});

test('runWhileLeader() gives the Lease up when start() throws, and tries again', async () => {
  const h = harness();
  let calls = 0;
  const running = runWhileLeader(h.ctx, h.lease, async () => {
    if (++calls === 1) throw new Error('Cannot start the controllers: informers failed');
    return h.components();
  });
  await h.elapse(100);
  assert.deepEqual([calls, running.isLeader, h.holder()], [1, false, '']);
  await h.elapse(3_000);
  assert.deepEqual([calls, running.isLeader, h.holder(), h.log], [2, true, 'server-1_x', ['2.0 start']]);
  await running[Symbol.asyncDispose]();
});
