// Integration: quota admission charges status.used with optimistic concurrency, so creates racing through two
// API servers on one store (as two kube-apiservers on one etcd) never take more than the quota allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore, type Store } from '../../src/storage/index.js';
import { Client } from '../../src/client/index.js';
import { isConflict, isForbidden, lookupResource, type KubeObject } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { eventually } from '../support/eventually.js';

const namespaces = lookupResource('', 'v1', 'namespaces')!;
const accounts = lookupResource('', 'v1', 'serviceaccounts')!;
const quotas = lookupResource('', 'v1', 'resourcequotas')!;
const configmaps = lookupResource('', 'v1', 'configmaps')!;
const pods = lookupResource('', 'v1', 'pods')!;

const authenticator = createAuthenticator({ tokens: new Map([['secret', { name: 'admin', groups: ['system:masters'] }]]) });
const clientOf = (api: ApiServer): Client => new Client({ transport: new InProcessTransport({ server: api, token: 'secret', userAgent: 'test' }), fieldManager: 'test' });
const usedOf = (q: KubeObject): Record<string, string> | undefined => (q['status'] as { used?: Record<string, string> } | undefined)?.used;

/**
 * Quota reads that take a while: an API server reads the quota its charge is based on, then the write's own
 * read lands after the other server's write, the window in which a charge without optimistic concurrency
 * would overwrite the other's.
 */
function slowQuotaReads(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'get') {
        return async (key: string) => {
          if (key.includes('/resourcequotas/')) await new Promise((r) => setTimeout(r, 15));
          return target.get(key);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Every create either lands or is refused by quota (403) or by charge conflicts it could not win (409). */
function tally(results: PromiseSettledResult<unknown>[]): { admitted: number; conflicts: number } {
  let admitted = 0;
  let conflicts = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') admitted++;
    else if (isConflict(r.reason)) conflicts++;
    else assert.ok(isForbidden(r.reason) && /exceeded quota: objects/.test((r.reason as Error).message), String(r.reason));
  }
  return { admitted, conflicts };
}

test('two API servers on one store never admit past a quota, however creates race', async () => {
  const store = slowQuotaReads(new MemoryStore());
  const a = new ApiServer({ store, authenticator });
  const b = new ApiServer({ store, authenticator });
  await a.start();
  await b.start();
  try {
    const ca = clientOf(a);
    const cb = clientOf(b);
    await ca.create(namespaces, '', { metadata: { name: 'q' } });
    await ca.create(accounts, 'q', { metadata: { name: 'default' } });
    const hard = { configmaps: '5', pods: '3' };
    const q = await ca.create(quotas, 'q', { metadata: { name: 'objects' }, spec: { hard } });
    // What the quota controller writes first: nothing used yet.
    await ca.update(quotas, { ...q, status: { hard, used: { configmaps: '0', pods: '0' } } }, 'status');
    // Both servers' caches hold the measured quota and the service account before the race.
    for (const c of [ca, cb]) {
      await eventually(async () => assert.ok(usedOf((await c.list(quotas, 'q')).items[0]!)));
      await eventually(async () => assert.equal((await c.list(accounts, 'q')).items.length, 1));
    }
    const cms = tally(await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? ca : cb).create(configmaps, 'q', { metadata: { name: `cm-${i}` }, data: {} }))));
    const ps = tally(await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? cb : ca).create(pods, 'q', { metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }))));
    const storedConfigMaps = (await ca.list(configmaps, 'q')).items.length;
    const storedPods = (await ca.list(pods, 'q')).items.length;
    const used = usedOf(await ca.get(quotas, 'q', 'objects'))!;
    // Never past the quota, and the quota counts exactly what was admitted.
    assert.equal(storedConfigMaps, cms.admitted);
    assert.equal(storedPods, ps.admitted);
    assert.ok(storedConfigMaps <= 5 && storedPods <= 3, `${storedConfigMaps} configmaps, ${storedPods} pods`);
    assert.deepEqual(used, { configmaps: String(storedConfigMaps), pods: String(storedPods) });
    // Only lost charge races (409) may leave room unused.
    assert.ok(storedConfigMaps === 5 || cms.conflicts > 0, `${storedConfigMaps} configmaps without conflicts`);
    assert.ok(storedPods === 3 || ps.conflicts > 0, `${storedPods} pods without conflicts`);
  } finally {
    await a[Symbol.asyncDispose]();
    await b[Symbol.asyncDispose]();
  }
});
