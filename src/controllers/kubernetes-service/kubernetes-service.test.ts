import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiServerLease, kubernetesEndpoints, liveApiServers } from './index.js';

test('liveApiServers(): this server, and every other whose Lease was renewed within its duration', () => {
  const now = Date.parse('2026-12-07T06:00:00Z');
  const at = (s: number): string => new Date(now - s * 1000).toISOString();
  const leases = [
    apiServerLease({ address: '10.0.0.2', port: 6443 }, at(5)),
    apiServerLease({ address: '10.0.0.3', port: 6443 }, at(15)),
    apiServerLease({ address: '10.0.0.1', port: 6443 }, at(1)),
    { ...apiServerLease({ address: '10.0.0.9', port: 6443 }, at(1)), metadata: { name: 'unrelated', namespace: 'kube-system' } },
  ];
  assert.deepEqual(liveApiServers(leases, { address: '10.0.0.1', port: 6443 }, now), [{ address: '10.0.0.1', port: 6443 }, { address: '10.0.0.2', port: 6443 }, { address: '10.0.0.1', port: 6443 }]);
  const { endpoints, slice } = kubernetesEndpoints(liveApiServers(leases, { address: '10.0.0.10', port: 6443 }, now));
  assert.deepEqual(endpoints.subsets, [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
  assert.deepEqual(slice.endpoints.map((e) => e.addresses[0]), ['10.0.0.1', '10.0.0.2', '10.0.0.10']);
});
