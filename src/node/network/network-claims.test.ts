import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr } from './ipam.js';
import { cidrsOverlap, findNetworkConflict, suggestedClusterCidr, type HostAddress, type NetworkClaim } from './network-claims.js';

const first: NetworkClaim = { podCidr: '10.42.0.0/24', bridge: 'skiff1a2b3c', dataDir: '/var/lib/skiff', pid: 100 };
const alive = new Set([100]);
const cases: { name: string; range: string; dataDir?: string; claims?: NetworkClaim[]; addresses?: HostAddress[]; want: string | undefined }[] = [
  { name: 'a free machine', range: '10.42.0.0/16', want: undefined },
  {
    name: 'the default cluster CIDR of a second server while the first runs', range: '10.42.0.0/16', dataDir: '/tmp/second', claims: [first],
    want: 'pod CIDR 10.42.0.0/24 (bridge skiff1a2b3c, cluster DNS 10.42.0.1:53) is in use by another Skiff on this machine (pid 100, data dir /var/lib/skiff)',
  },
  { name: 'the same podCIDR once assigned', range: '10.42.0.0/24', dataDir: '/tmp/second', claims: [first], want: 'pod CIDR 10.42.0.0/24 (bridge skiff1a2b3c, cluster DNS 10.42.0.1:53) is in use by another Skiff on this machine (pid 100, data dir /var/lib/skiff)' },
  { name: 'another cluster CIDR', range: '10.43.0.0/16', dataDir: '/tmp/second', claims: [first], want: undefined },
  { name: 'its own claim (a restart of the same data dir)', range: '10.42.0.0/16', claims: [first], want: undefined },
  { name: 'a claim whose process is gone (killed agent)', range: '10.42.0.0/16', dataDir: '/tmp/second', claims: [{ ...first, pid: 7 }], want: undefined },
  { name: 'a left-over Skiff bridge nobody claims', range: '10.42.0.0/16', addresses: [{ iface: 'skiff1a2b3c', address: '10.42.0.1' }], want: undefined },
  { name: 'another cluster\'s cni0 in the range', range: '10.42.0.0/16', addresses: [{ iface: 'eth0', address: '192.168.1.5' }, { iface: 'cni0', address: '10.42.3.1' }], want: 'address 10.42.3.1 of interface cni0 lies in 10.42.0.0/16' },
];
for (const c of cases) {
  test(`findNetworkConflict() ${c.name}`, () => {
    assert.equal(findNetworkConflict({ range: c.range, dataDir: c.dataDir ?? '/var/lib/skiff', claims: c.claims ?? [], addresses: c.addresses ?? [], isAlive: (pid) => alive.has(pid) }), c.want);
  });
}

test('cidrsOverlap() is true when one range holds the other', () => {
  assert.equal(cidrsOverlap(parseCidr('10.42.0.0/16'), parseCidr('10.42.7.0/24')), true);
  assert.equal(cidrsOverlap(parseCidr('10.42.7.0/24'), parseCidr('10.42.0.0/16')), true);
  assert.equal(cidrsOverlap(parseCidr('10.42.0.0/24'), parseCidr('10.42.1.0/24')), false);
});

test('suggestedClusterCidr() proposes the next /16', () => {
  assert.equal(suggestedClusterCidr('10.42.0.0/16'), '10.43.0.0/16');
  assert.equal(suggestedClusterCidr('172.16.4.0/22'), '172.17.0.0/16');
  assert.equal(suggestedClusterCidr('10.255.0.0/16'), '10.0.0.0/16');
});
