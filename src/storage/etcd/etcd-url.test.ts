// parseEtcdUrl and the pure key helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEtcdUrl } from './etcd-url.js';
import { EtcdLayout, prefixEnd } from './etcd-keys.js';

test('parseEtcdUrl() reads members, default ports and a key prefix', () => {
  assert.deepEqual(parseEtcdUrl('etcd://127.0.0.1:2379'), { endpoints: ['127.0.0.1:2379'], keyPrefix: '' });
  assert.deepEqual(parseEtcdUrl('etcd://a:1,b,[::1]:3/tenant/'), { endpoints: ['a:1', 'b:2379', '[::1]:3'], keyPrefix: '/tenant' });
  assert.throws(() => parseEtcdUrl('etcd://'), /expected etcd:\/\/host:port/);
  assert.throws(() => parseEtcdUrl('etcd://a:b'), /"a:b" is not host:port/);
});

test('prefixEnd() increments the last byte below 0xff; EtcdLayout maps keys and revisions', () => {
  assert.deepEqual([...prefixEnd(new Uint8Array([0x2f, 0x61]))], [0x2f, 0x62]);
  assert.deepEqual([...prefixEnd(new Uint8Array([0x61, 0xff]))], [0x62]);
  assert.deepEqual([...prefixEnd(new Uint8Array([0xff]))], [0]);
  const l = new EtcdLayout('/t1', 10);
  assert.equal(l.fromEtcdKey(l.toEtcdKey('/a/b')), '/a/b');
  assert.equal(l.fromEtcdKey(new TextEncoder().encode('/t2/a')), undefined);
  assert.deepEqual([l.toEtcdRevision(3), l.fromEtcdRevision(13), l.fromEtcdRevision(4)], [13, 3, 0]);
});
