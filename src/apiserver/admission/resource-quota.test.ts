import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflict, isForbidden, lookupResource, type KubeObject } from '../../api/index.js';
import { internalContext, type RequestContext } from '../registry/context.js';
import { resourceQuotaAdmission, type QuotaAccess } from './resource-quota.js';

const pods = lookupResource('', 'v1', 'pods')!;
const configmaps = lookupResource('', 'v1', 'configmaps')!;

/** Quotas in memory with resourceVersions; writeStatus is a compare-and-swap, as the store's update is. */
class FakeQuotas implements QuotaAccess {
  readonly items = new Map<string, KubeObject>();
  writes = 0;
  /** Called before each write commits: lets a test change a quota behind the plugin's back. */
  beforeWrite: ((name: string) => void) | undefined;
  add(name: string, hard: Record<string, string>, used: Record<string, string>): void {
    this.items.set(name, { metadata: { name, namespace: 'ns', resourceVersion: '1' }, spec: { hard }, status: { hard, used } });
  }
  bump(name: string, used: Record<string, string>): void {
    const q = this.items.get(name)!;
    const rv = Number((q.metadata as { resourceVersion: string }).resourceVersion) + 1;
    this.items.set(name, { ...q, metadata: { ...(q.metadata as object), resourceVersion: String(rv) }, status: { ...(q['status'] as object), used } });
  }
  used(name: string): unknown {
    return (this.items.get(name)!['status'] as { used: unknown }).used;
  }
  list(): KubeObject[] {
    return [...this.items.values()];
  }
  async getLive(_: string, name: string): Promise<KubeObject | undefined> {
    return this.items.get(name);
  }
  async writeStatus(quota: KubeObject): Promise<void> {
    const m = quota.metadata as { name: string; resourceVersion: string };
    this.beforeWrite?.(m.name);
    const cur = this.items.get(m.name)!;
    if ((cur.metadata as { resourceVersion: string }).resourceVersion !== m.resourceVersion) throw conflict({ group: '', resource: 'resourcequotas' }, m.name);
    this.writes++;
    this.items.set(m.name, { ...quota, metadata: { ...m, resourceVersion: String(Number(m.resourceVersion) + 1) } });
  }
}

const pod = (name: string, cpu: string): KubeObject => ({ metadata: { name, namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu }, limits: { cpu } } }] } });
const attrs = (ctx: RequestContext = internalContext('test')) => ({ ctx, subresource: '' });

test('resourceQuotaAdmission() charges status.used before admitting and rejects past the limit', async () => {
  const q = new FakeQuotas();
  q.add('compute', { 'requests.cpu': '2', pods: '10' }, { 'requests.cpu': '1', pods: '1' });
  const plugin = resourceQuotaAdmission(q, { nowMs: () => 0 });
  await plugin.admit('CREATE', pods, pod('a', '800m'), undefined, attrs());
  assert.deepEqual(q.used('compute'), { 'requests.cpu': '1800m', pods: '2' });
  await assert.rejects(async () => plugin.admit('CREATE', pods, pod('b', '500m'), undefined, attrs()), (e: unknown) => isForbidden(e)
    && (e as Error).message === 'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2');
  assert.deepEqual(q.used('compute'), { 'requests.cpu': '1800m', pods: '2' });
});

test('resourceQuotaAdmission() checks a dry run without charging', async () => {
  const q = new FakeQuotas();
  q.add('objects', { configmaps: '1' }, { configmaps: '0' });
  const plugin = resourceQuotaAdmission(q, { nowMs: () => 0 });
  await plugin.admit('CREATE', configmaps, { metadata: { name: 'x', namespace: 'ns' } }, undefined, attrs({ ...internalContext('test'), dryRun: true }));
  assert.equal(q.writes, 0);
});

test('resourceQuotaAdmission() re-reads a quota whose write conflicted and checks again', async () => {
  const q = new FakeQuotas();
  q.add('objects', { configmaps: '2' }, { configmaps: '0' });
  const plugin = resourceQuotaAdmission(q, { nowMs: () => 0 });
  // Another API server takes the last unit between our read and our write.
  q.beforeWrite = (name) => { q.beforeWrite = undefined; q.bump(name, { configmaps: '2' }); };
  await assert.rejects(async () => plugin.admit('CREATE', configmaps, { metadata: { name: 'x', namespace: 'ns' } }, undefined, attrs()),
    (e: unknown) => (e as Error).message === 'configmaps "x" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2');
  // With room left the retry succeeds on the fresh copy.
  q.bump('objects', { configmaps: '0' });
  q.beforeWrite = (name) => { q.beforeWrite = undefined; q.bump(name, { configmaps: '1' }); };
  await plugin.admit('CREATE', configmaps, { metadata: { name: 'y', namespace: 'ns' } }, undefined, attrs());
  assert.deepEqual(q.used('objects'), { configmaps: '2' });
});

test('resourceQuotaAdmission() lets only one of two concurrent creates take the last unit', async () => {
  const q = new FakeQuotas();
  q.add('pods', { pods: '3' }, { pods: '2' });
  const plugin = resourceQuotaAdmission(q, { nowMs: () => 0 });
  const results = await Promise.allSettled([plugin.admit('CREATE', pods, pod('a', '1'), undefined, attrs()), plugin.admit('CREATE', pods, pod('b', '1'), undefined, attrs())]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  assert.deepEqual(q.used('pods'), { pods: '3' });
});

test('resourceQuotaAdmission() ignores requests no quota evaluator handles', async () => {
  const q = new FakeQuotas();
  q.add('pods', { pods: '0' }, { pods: '0' });
  const plugin = resourceQuotaAdmission(q, { nowMs: () => 0 });
  const p = pod('a', '1');
  assert.equal(plugin.admit('UPDATE', pods, p, p, attrs()), undefined);
  assert.equal(plugin.admit('DELETE', pods, p, p, attrs()), undefined);
  // No quota of the namespace tracks configmaps: nothing to wait for.
  assert.equal(plugin.admit('CREATE', configmaps, { metadata: { name: 'cm', namespace: 'ns' } }, undefined, attrs()), undefined);
});
