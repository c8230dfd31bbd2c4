import { test } from 'node:test';
import { assertErrors, assertValues } from './testing.js';

test('IP library follows netip as upstream', () => {
  assertValues([
    ['isIP("1.2.3.4")', true],
    ['isIP("2001:db8::1")', true],
    ['isIP("1.2.3")', false],
    ['isIP("01.2.3.4")', false],
    ['isIP("fe80::1%eth0")', false],
    ['isIP("::ffff:1.2.3.4")', false],
    ['ip.isCanonical("127.0.0.1")', true],
    ['ip.isCanonical("2001:db8::abcd")', true],
    ['ip.isCanonical("2001:DB8::ABCD")', false],
    ['ip.isCanonical("2001:db8:0:0:0:0:0:abcd")', false],
    ['ip("127.0.0.1").family()', 4n],
    ['ip("::1").family()', 6n],
    ['ip("0.0.0.0").isUnspecified()', true],
    ['ip("::").isUnspecified()', true],
    ['ip("127.0.0.1").isLoopback()', true],
    ['ip("::1").isLoopback()', true],
    ['ip("224.0.0.1").isLinkLocalMulticast()', true],
    ['ip("ff02::1").isLinkLocalMulticast()', true],
    ['ip("169.254.1.1").isLinkLocalUnicast()', true],
    ['ip("fe80::1").isLinkLocalUnicast()', true],
    ['ip("192.168.0.1").isGlobalUnicast()', true],
    ['ip("255.255.255.255").isGlobalUnicast()', false],
    ['ip("2001:db8::1").isGlobalUnicast()', true],
    ['string(ip("2001:DB8:0:0:0:0:0:1"))', '2001:db8::1'],
    ['string(ip("1:0:0:1:0:0:0:1"))', '1:0:0:1::1'],
    ['ip("1.2.3.4") == ip("1.2.3.4")', true],
    ['type(ip("1.2.3.4")) == type(ip("::1"))', true],
  ]);
  assertErrors([
    ['ip("1.2.3")', 'IP Address "1.2.3" parse error during conversion from string'],
    ['ip("fe80::1%eth0")', 'IP address "fe80::1%eth0" with zone value is not allowed'],
    ['ip("::ffff:1.2.3.4")', 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed'],
  ]);
});

test('CIDR library follows netip as upstream', () => {
  assertValues([
    ['isCIDR("192.168.0.0/16")', true],
    ['isCIDR("192.168.0.0/33")', false],
    ['isCIDR("192.168.0.0")', false],
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.0.1"))', true],
    ['cidr("192.168.0.0/24").containsIP("192.168.1.1")', false],
    ['cidr("2001:db8::/32").containsIP("2001:db8::1")', true],
    ['cidr("192.168.0.0/24").containsIP("::1")', false],
    ['cidr("192.168.0.0/16").containsCIDR(cidr("192.168.10.0/24"))', true],
    ['cidr("192.168.0.0/16").containsCIDR("192.168.0.0/8")', false],
    ['cidr("192.168.0.0/24").containsCIDR("192.168.0.0/24")', true],
    ['string(cidr("192.168.0.1/24").ip())', '192.168.0.1'],
    ['string(cidr("192.168.0.1/24").masked())', '192.168.0.0/24'],
    ['string(cidr("2001:db8::1/32").masked())', '2001:db8::/32'],
    ['cidr("192.168.0.0/24").prefixLength()', 24n],
    ['cidr("192.168.0.0/24") == cidr("192.168.0.0/24")', true],
    ['string(cidr("::1/128"))', '::1/128'],
  ]);
  assertErrors([
    ['cidr("192.168.0.0")', 'network address parse error during conversion from string'],
    ['cidr("::ffff:1.2.3.4/120")', 'IPv4-mapped IPv6 address "::ffff:1.2.3.4/120" is not allowed'],
    ['cidr("10.0.0.0/8").containsIP("x")', 'IP Address "x" parse error during conversion from string'],
  ]);
});
