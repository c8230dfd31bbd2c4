import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSubnet, parseClusterCidr } from './cidr.js';

test('nextSubnet() gives the lowest free /24 of the cluster CIDR, undefined when full', () => {
  const c = parseClusterCidr('10.42.0.0/16');
  assert.equal(nextSubnet(c, new Set()), '10.42.0.0/24');
  assert.equal(nextSubnet(c, new Set(['10.42.0.0/24', '10.42.2.0/24'])), '10.42.1.0/24');
  const small = parseClusterCidr('10.9.8.0/23');
  assert.equal(nextSubnet(small, new Set(['10.9.8.0/24', '10.9.9.0/24'])), undefined);
  assert.throws(() => parseClusterCidr('10.0.0.0/25'), /must be between \/8 and \/24/);
  assert.throws(() => parseClusterCidr('300.0.0.0/16'), /invalid CIDR address/);
});
