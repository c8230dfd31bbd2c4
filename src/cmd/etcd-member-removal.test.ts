import { test } from 'node:test';
import assert from 'node:assert/strict';
import { membersOfNode } from './etcd-member-removal.js';

test('membersOfNode(): the members named <node>-<8 hex>, never this server\'s own', () => {
  const members = ['server-0-1a2b3c4d', 'server-0b-aaaaaaaa', 'server-1-deadbeef', 'server-0-ffffffff', 'server-0-x'];
  assert.deepEqual(membersOfNode('server-0', members, 'server-0-ffffffff'), ['server-0-1a2b3c4d']);
  assert.deepEqual(membersOfNode('node.with.dots', ['node.with.dots-01234567', 'nodexwithxdots-01234567'], ''), ['node.with.dots-01234567']);
});
