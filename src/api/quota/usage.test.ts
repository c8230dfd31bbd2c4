import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../meta/kind-rules.js';
import { calculateUsage } from './usage.js';
import { formatResourceList, parseResourceList } from './resource-list.js';

const pod = (name: string, cpu: string | undefined, extra: { phase?: string; deadline?: number } = {}): KubeObject => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'i', ...(cpu ? { resources: { requests: { cpu }, limits: { cpu } } } : {}) }], ...(extra.deadline !== undefined ? { activeDeadlineSeconds: extra.deadline } : {}) },
  status: { phase: extra.phase ?? 'Running' },
});
const objects = (byKind: Record<string, KubeObject[]>) => (group: string, resource: string): KubeObject[] | undefined => byKind[`${group}/${resource}`];

test('calculateUsage() sums live pods, skips terminal ones and reports zero for tracked resources without objects', () => {
  const r = calculateUsage(parseResourceList({ pods: '10', 'requests.cpu': '4', 'limits.cpu': '8', 'count/pods': '20', services: '3', foo: '1' }), [], objects({
    '/pods': [pod('a', '500m'), pod('b', '1'), pod('done', '2', { phase: 'Succeeded' })],
    '/services': [],
  }), 0);
  assert.deepEqual(formatResourceList(r.used), { pods: '2', 'requests.cpu': '1500m', 'limits.cpu': '1500m', 'count/pods': '3', services: '0' });
  assert.deepEqual(r.unavailable, []);
});

test('calculateUsage() counts only pods under every scope of the quota', () => {
  const r = calculateUsage(parseResourceList({ pods: '10' }), [{ scopeName: 'Terminating', operator: 'Exists' }, { scopeName: 'NotBestEffort', operator: 'Exists' }], objects({
    '/pods': [pod('job', '1', { deadline: 60 }), pod('besteffort-job', undefined, { deadline: 60 }), pod('web', '1')],
  }), 0);
  assert.deepEqual(formatResourceList(r.used), { pods: '1' });
});

test('calculateUsage() counts generic kinds and leaves out kinds it cannot list yet', () => {
  const r = calculateUsage(parseResourceList({ 'count/deployments.apps': '2', secrets: '5' }), [], objects({ '/secrets': [{ metadata: { name: 's' } }] }), 0);
  assert.deepEqual(formatResourceList(r.used), { secrets: '1' });
  assert.deepEqual(r.unavailable, [{ group: 'apps', resource: 'deployments' }]);
});

test('calculateUsage() gives services nothing under a scoped quota (scopes apply to pods only)', () => {
  const r = calculateUsage(parseResourceList({ services: '5' }), [{ scopeName: 'BestEffort', operator: 'Exists' }], objects({ '/services': [{ metadata: { name: 's' }, spec: {} }] }), 0);
  assert.deepEqual(formatResourceList(r.used), { services: '0' });
});
