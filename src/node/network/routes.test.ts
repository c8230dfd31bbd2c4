import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { desiredRoutes, PodRoutes } from './routes.js';

const node = (name: string, cidr: string | undefined, ip: string | undefined): Node => ({
  metadata: { name }, ...(cidr ? { spec: { podCIDR: cidr } } : {}), ...(ip ? { status: { addresses: [{ type: 'InternalIP', address: ip }] } } : {}),
});

test('desiredRoutes() routes every other node\'s podCIDR via its address, skipping itself, same-host nodes and incomplete nodes', () => {
  const nodes = [node('a', '10.42.0.0/24', '192.0.2.2'), node('b', '10.42.1.0/24', '192.0.2.3'), node('c', '10.42.2.0/24', '192.0.2.2'), node('d', undefined, '192.0.2.9'), node('e', '10.42.4.0/24', undefined)];
  assert.deepEqual([...desiredRoutes(nodes, { name: 'a', address: '192.0.2.2' })], [['10.42.1.0/24', '192.0.2.3']]);
});

test('PodRoutes.sync() replaces changed routes and deletes gone ones', async () => {
  const calls: string[] = [];
  const routes = new PodRoutes(async (file, args) => { calls.push(`${file} ${args.join(' ')}`); return ''; });
  await routes.sync(new Map([['10.42.1.0/24', '192.0.2.3']]));
  await routes.sync(new Map([['10.42.1.0/24', '192.0.2.3']]));
  await routes.sync(new Map([['10.42.2.0/24', '192.0.2.4']]));
  assert.deepEqual(calls, ['ip route replace 10.42.1.0/24 via 192.0.2.3', 'ip route replace 10.42.2.0/24 via 192.0.2.4', 'ip route del 10.42.1.0/24']);
});
