// Integration: pods/eviction against PodDisruptionBudgets through the full API handler: an allowed eviction
// decrements the budget, records the pod as disrupted, marks it DisruptionTarget and deletes it gracefully; a
// budget with nothing to spare answers upstream's 429; budget-free pods and unhealthy pods go as upstream says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client } from '../../src/client/index.js';
import { ApiError, isNotFound, lookupResource } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { eventually } from '../support/eventually.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const pdbR = lookupResource('policy', 'v1', 'poddisruptionbudgets')!;
const eviction = (name: string, extra: object = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...extra });

describe('pods/eviction with PodDisruptionBudgets', () => {
  let api: ApiServer;
  let c: Client;
  before(async () => {
    api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([['t', { name: 'admin', groups: ['system:masters'] }]]) }) });
    await api.start();
    c = new Client({ transport: new InProcessTransport({ server: api, token: 't', userAgent: 'test' }), fieldManager: 'test' });
    await c.create(lookupResource('', 'v1', 'serviceaccounts')!, 'default', { metadata: { name: 'default' } });
    await eventually(async () => assert.equal((await c.list(lookupResource('', 'v1', 'serviceaccounts')!, 'default')).items.length, 1));
  });
  after(async () => { await api[Symbol.asyncDispose](); });

  async function pod(name: string, labels: Record<string, string>, phase: string, ready: boolean): Promise<void> {
    // Bound to a node, so deletion is graceful (an unscheduled pod is deleted at once).
    const p = await c.create<Pod>(podsR, 'default', { metadata: { name, labels }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] } });
    await c.update(podsR, { ...p, status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }, 'status');
  }
  async function budget(name: string, app: string, status: PodDisruptionBudget['status'], policy?: string): Promise<void> {
    const b = await c.create<PodDisruptionBudget>(pdbR, 'default', { metadata: { name }, spec: { minAvailable: 2, selector: { matchLabels: { app } }, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) } });
    await c.update(pdbR, { ...b, status }, 'status');
  }
  const evict = (name: string, extra: object = {}) => c.createSubresource(podsR, 'default', name, 'eviction', eviction(name, extra));
  const rejection = async (p: Promise<unknown>): Promise<ApiError> => {
    try {
      await p;
    } catch (e: unknown) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('expected the eviction to be refused');
  };

  test('an allowed eviction spends the budget; the next one is refused with 429', async () => {
    for (const n of ['web-0', 'web-1', 'web-2']) await pod(n, { app: 'web' }, 'Running', true);
    await budget('web', 'web', { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    await eventually(async () => assert.equal((await c.list(pdbR, 'default')).items.length, 1));
    // A dry run changes nothing.
    await evict('web-0', { deleteOptions: { dryRun: ['All'] } });
    assert.equal((await c.get<PodDisruptionBudget>(pdbR, 'default', 'web')).status?.disruptionsAllowed, 1);
    assert.equal((await c.get<Pod>(podsR, 'default', 'web-0')).metadata?.deletionTimestamp, undefined);

    await evict('web-0');
    const evicted = await c.get<Pod>(podsR, 'default', 'web-0');
    assert.ok(evicted.metadata?.deletionTimestamp, 'web-0 is being deleted');
    const target = evicted.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual({ status: target?.status, reason: target?.reason, message: target?.message }, { status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    const spent = await c.get<PodDisruptionBudget>(pdbR, 'default', 'web');
    assert.equal(spent.status?.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(spent.status?.disruptedPods ?? {}), ['web-0']);
    assert.deepEqual(spent.status?.conditions?.map((x) => [x.type, x.status, x.reason]), [['DisruptionAllowed', 'False', 'InsufficientPods']]);

    await eventually(async () => assert.equal((await c.list(pdbR, 'default')).items[0]?.['status'] && ((await c.list(pdbR, 'default')).items[0]!['status'] as { disruptionsAllowed: number }).disruptionsAllowed, 0));
    const refused = await rejection(evict('web-1'));
    assert.equal(refused.code, 429);
    assert.equal(refused.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(refused.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 3 currently' }]);
    assert.equal((await c.get<Pod>(podsR, 'default', 'web-1')).metadata?.deletionTimestamp, undefined);
  });

  test('pods without a budget, pending pods, and unhealthy pods under AlwaysAllow are evicted without spending a budget', async () => {
    await pod('lonely', { app: 'none' }, 'Running', true);
    await evict('lonely');
    assert.ok((await c.get<Pod>(podsR, 'default', 'lonely')).metadata?.deletionTimestamp);

    await pod('db-0', { app: 'db' }, 'Running', false);
    await pod('db-1', { app: 'db' }, 'Pending', false);
    await budget('db', 'db', { currentHealthy: 0, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0, observedGeneration: 1 }, 'AlwaysAllow');
    await eventually(async () => assert.equal((await c.list(pdbR, 'default')).items.length, 2));
    await evict('db-1');
    await evict('db-0');
    for (const n of ['db-0', 'db-1']) assert.ok((await c.get<Pod>(podsR, 'default', n)).metadata?.deletionTimestamp, `${n} is being deleted`);
    assert.equal((await c.get<PodDisruptionBudget>(pdbR, 'default', 'db')).status?.disruptedPods, undefined);
  });

  test('a budget whose status is behind its spec answers 429; two budgets over one pod answer 500', async () => {
    await pod('api-0', { app: 'api', tier: 'x' }, 'Running', true);
    await budget('api', 'api', { currentHealthy: 1, desiredHealthy: 0, expectedPods: 1, disruptionsAllowed: 1, observedGeneration: 0 });
    await eventually(async () => assert.equal((await c.list(pdbR, 'default')).items.length, 3));
    const behind = await rejection(evict('api-0'));
    assert.equal(behind.code, 429);
    assert.deepEqual(behind.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget api is still being processed by the server.' }]);
    await c.create(pdbR, 'default', { metadata: { name: 'tier' }, spec: { maxUnavailable: 1, selector: { matchLabels: { tier: 'x' } } } });
    await eventually(async () => assert.equal((await c.list(pdbR, 'default')).items.length, 4));
    const two = await rejection(evict('api-0'));
    assert.equal(two.code, 500);
    assert.equal(two.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const missing = await rejection(evict('nope'));
    assert.ok(isNotFound(missing));
  });
});
