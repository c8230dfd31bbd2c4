import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxiedNodeName } from './node-proxy.js';

test('proxiedNodeName() takes the node out of "<name>", "<name>:<port>" and "<scheme>:<name>:<port>"', () => {
  assert.deepEqual(['node-1', 'node-1:10250', 'https:node-1:10250', 'node-1:', 'a:b'].map(proxiedNodeName), ['node-1', 'node-1', 'node-1', 'node-1', 'a:b']);
});
