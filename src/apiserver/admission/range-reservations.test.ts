import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/index.js';
import { MemoryStore } from '../../storage/index.js';
import { reservationGraceMs, StoreRangeReservations } from './range-reservations.js';
import { serviceIpAllocator } from './service-ip.js';
import { serviceNodePortAllocator } from './service-node-port.js';

const desc = { group: '', version: 'v1', kind: 'Service', resource: 'services' } as never;
const service = (name: string, spec: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name }, spec: { ports: [{ port: 80 }], ...spec } });

test('StoreRangeReservations: one owner per value; a stale reservation is taken over after the grace period; release frees it', async () => {
  const store = new MemoryStore();
  let now = 1_000_000;
  const r = new StoreRangeReservations(() => store, '/skiff/ranges/test', () => now);
  const nobody = (): boolean => false;
  assert.equal(await r.reserve('10.43.0.2', 'default/a', nobody), true);
  assert.equal(await r.reserve('10.43.0.2', 'default/a', nobody), true, 'its owner again');
  assert.equal(await r.reserve('10.43.0.2', 'default/b', nobody), false, 'within the grace period');
  assert.equal(await r.reserve('10.43.0.2', 'default/b', (o) => o === 'default/a'), false, 'its owner holds it');
  now += reservationGraceMs;
  assert.equal(await r.reserve('10.43.0.2', 'default/b', (o) => o === 'default/a'), false, 'held, whatever its age');
  assert.equal(await r.reserve('10.43.0.2', 'default/b', nobody), true, 'a stale reservation is taken over');
  await r.release('10.43.0.2', 'default/a');
  assert.equal(await r.reserve('10.43.0.2', 'default/c', nobody), false, 'only its owner releases it');
  await r.release('10.43.0.2', 'default/b');
  assert.equal(await r.reserve('10.43.0.2', 'default/c', nobody), true);
});

test('two servers on one datastore, each with an empty cache, never hand out one ClusterIP or NodePort twice', async () => {
  const store = new MemoryStore();
  const server = (): { ip: ReturnType<typeof serviceIpAllocator>; port: ReturnType<typeof serviceNodePortAllocator> } => {
    const cache = { list: (): KubeObject[] => [] };
    return {
      ip: serviceIpAllocator(cache, new StoreRangeReservations(() => store, '/skiff/ranges/serviceips')),
      port: serviceNodePortAllocator(cache, () => 0, new StoreRangeReservations(() => store, '/skiff/ranges/nodeports')),
    };
  };
  const [a, b] = [server(), server()];
  const created = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const s = service(`svc-${i}`, { type: 'NodePort' });
    const on = i % 2 ? a : b;
    await on.ip.admit('CREATE', desc, s, undefined);
    await on.port.admit('CREATE', desc, s, undefined);
    const spec = s['spec'] as { clusterIP: string; ports: { nodePort: number }[] };
    return { ip: spec.clusterIP, port: spec.ports[0]!.nodePort };
  }));
  assert.equal(new Set(created.map((c) => c.ip)).size, 40, 'distinct ClusterIPs');
  assert.equal(new Set(created.map((c) => c.port)).size, 40, 'distinct NodePorts');
  // A requested address another server holds is refused as upstream does.
  const taken = service('other', { clusterIP: created[0]!.ip });
  await assert.rejects(Promise.resolve(a.ip.admit('CREATE', desc, taken, undefined)), /provided IP is already allocated/);
  // Deleting a Service frees its address for the next one at once.
  const first = service('svc-0', { clusterIP: created[0]!.ip, type: 'NodePort', ports: [{ port: 80, nodePort: created[0]!.port }] });
  await b.ip.admit('DELETE', desc, first, first);
  await b.port.admit('DELETE', desc, first, first);
  const again = service('again', { clusterIP: created[0]!.ip, type: 'NodePort', ports: [{ port: 80, nodePort: created[0]!.port }] });
  await a.ip.admit('CREATE', desc, again, undefined);
  await a.port.admit('CREATE', desc, again, undefined);
});
