// Integration: two servers' schedulers campaign for kube-system/kube-scheduler through the full API handler
// (authn, RBAC with the bootstrap policy, validation, the store); one runs at a time, a stopped one hands over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, leaderIdentity, runWhileLeader } from '../../src/client/index.js';
import { isForbidden, lookupResource, type ResourceDescriptor } from '../../src/api/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { eventually } from '../support/eventually.js';

const leases = lookupResource('coordination.k8s.io', 'v1', 'leases') as ResourceDescriptor;
// Short timings (upstream's are 15 s / 10 s / 2 s); the ratios are what the elector checks.
const timings = { leaseDurationMs: 6_000, renewDeadlineMs: 4_000, retryPeriodMs: 500 };

test('runWhileLeader() as system:kube-scheduler on two servers: one scheduler runs, and a stopped one hands over at once', async () => {
  const tokens = new Map([['scheduler', { name: 'system:kube-scheduler', groups: [] }], ['admin', { name: 'admin', groups: ['system:masters'] }]]);
  const api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens }) });
  await api.start();
  const client = (token: string): Client => new Client({ transport: new InProcessTransport({ server: api, token, userAgent: 'test' }), fieldManager: 'test' });
  const running = new Set<string>();
  const server = (identity: string): AsyncDisposable => runWhileLeader(
    { client: client('scheduler'), clock: realClock, logger: silentLogger },
    { namespace: 'kube-system', name: 'kube-scheduler', identity, ...timings },
    () => {
      running.add(identity);
      return { [Symbol.asyncDispose]: async () => { running.delete(identity); } };
    },
  );
  const ids = [leaderIdentity('server-1'), leaderIdentity('server-2')];
  const servers = new Map(ids.map((id) => [id, server(id)]));
  try {
    assert.match(ids[0] ?? '', /^server-1_[0-9a-f-]{36}$/);
    const first = await eventually(() => {
      assert.equal(running.size, 1);
      return [...running][0] ?? '';
    });
    const admin = client('admin');
    const lease = await admin.get<Lease>(leases, 'kube-system', 'kube-scheduler');
    assert.deepEqual([lease.spec?.holderIdentity, lease.spec?.leaseDurationSeconds, lease.spec?.leaseTransitions], [first, 6, 0]);
    // The scheduler's role gets and updates its own Lease only.
    await assert.rejects(client('scheduler').get(leases, 'kube-system', 'kube-controller-manager'), (e: unknown) => isForbidden(e));
    await servers.get(first)?.[Symbol.asyncDispose]();
    assert.ok(!running.has(first));
    const second = await eventually(() => {
      assert.equal(running.size, 1);
      return [...running][0] ?? '';
    }, { timeoutMs: 5_000 });
    assert.notEqual(second, first);
    const after = await admin.get<Lease>(leases, 'kube-system', 'kube-scheduler');
    assert.deepEqual([after.spec?.holderIdentity, after.spec?.leaseTransitions], [second, 1]);
  } finally {
    for (const s of servers.values()) await s[Symbol.asyncDispose]();
    await api[Symbol.asyncDispose]();
  }
});
