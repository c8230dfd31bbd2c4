import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayOf, parseCidr, PodIpam } from './ipam.js';

test('parseCidr() normalises the base and refuses bad prefixes', () => {
  assert.deepEqual(parseCidr('10.42.3.7/24'), parseCidr('10.42.3.0/24'));
  assert.equal(gatewayOf(parseCidr('10.42.3.0/24')), '10.42.3.1');
  assert.throws(() => parseCidr('10.42.3.0/31'), /prefix must be 8–30/);
  assert.throws(() => parseCidr('nope'), /invalid IPv4 CIDR "nope"/);
});

test('PodIpam hands out addresses round from the last one, keeps an owner\'s address, and restores its state', () => {
  const ipam = new PodIpam('10.42.0.0/29');
  assert.equal(ipam.allocate('a'), '10.42.0.2');
  assert.equal(ipam.allocate('b'), '10.42.0.3');
  assert.equal(ipam.allocate('a'), '10.42.0.2');
  ipam.release('b');
  // The released .3 is not reused at once.
  assert.equal(ipam.allocate('c'), '10.42.0.4');
  const restored = new PodIpam('10.42.0.0/29', ipam.state());
  assert.deepEqual(restored.assigned(), { a: '10.42.0.2', c: '10.42.0.4' });
  assert.equal(restored.allocate('d'), '10.42.0.5');
  assert.equal(restored.allocate('e'), '10.42.0.6');
  // Wraps round to the free .3; then the range (.2–.6; .7 is broadcast) is full.
  assert.equal(restored.allocate('f'), '10.42.0.3');
  assert.throws(() => restored.allocate('g'), /no free pod IP in 10\.42\.0\.0\/29/);
});
