import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeletRequestAttributes } from './authorizer.js';

const cases: [string, string, string][] = [
  ['GET', '/stats/summary', 'get nodes/stats'],
  ['GET', '/stats/custom', 'get nodes/stats'],
  ['GET', '/metrics/resource', 'get nodes/metrics'],
  ['GET', '/logs/syslog', 'get nodes/log'],
  ['GET', '/spec/', 'get nodes/spec'],
  ['GET', '/containerLogs/ns/pod/c', 'get nodes/proxy'],
  ['POST', '/exec/ns/pod/c', 'create nodes/proxy'],
  ['GET', '/attach/ns/pod/c', 'get nodes/proxy'],
  ['GET', '/portForward/ns/pod/80', 'get nodes/proxy'],
  ['DELETE', '/pods', 'delete nodes/proxy'],
];
for (const [method, path, want] of cases) {
  test(`kubelet authorization attributes: ${method} ${path} → ${want}`, () => {
    const a = kubeletRequestAttributes(method, path);
    assert.equal(`${a.verb} nodes/${a.subresource}`, want);
  });
}
