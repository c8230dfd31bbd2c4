import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../meta/kind-rules.js';
import { objectCountEvaluator, persistentVolumeClaimEvaluator, serviceEvaluator } from './evaluators.js';
import { evaluatorFor, evaluatorsForQuota } from './registry.js';
import { formatResourceList } from './resource-list.js';
import { parseObjectCountName } from './evaluator.js';

const svc = (spec: object): KubeObject => ({ metadata: { name: 's' }, spec });

const serviceRows: { name: string; spec: object; want: Record<string, string> }[] = [
  { name: 'a ClusterIP service', spec: { type: 'ClusterIP', ports: [{ port: 80 }] }, want: { 'count/services': '1', services: '1', 'services.loadbalancers': '0', 'services.nodeports': '0' } },
  { name: 'a NodePort service counts each port', spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] }, want: { 'count/services': '1', services: '1', 'services.loadbalancers': '0', 'services.nodeports': '2' } },
  { name: 'a LoadBalancer counts itself and its ports', spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, want: { 'count/services': '1', services: '1', 'services.loadbalancers': '1', 'services.nodeports': '1' } },
  {
    name: 'a LoadBalancer without node port allocation counts only explicit node ports',
    spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80, nodePort: 30080 }, { port: 81 }] },
    want: { 'count/services': '1', services: '1', 'services.loadbalancers': '1', 'services.nodeports': '1' },
  },
];
for (const r of serviceRows) test(`serviceEvaluator.usage() ${r.name}`, () => assert.deepEqual(formatResourceList(serviceEvaluator.usage(svc(r.spec), 0)), r.want));

const claim = (o: { cls?: string; beta?: string; size: string; allocated?: string }): KubeObject => ({
  metadata: { name: 'c', ...(o.beta ? { annotations: { 'volume.beta.kubernetes.io/storage-class': o.beta } } : {}) },
  spec: { ...(o.cls !== undefined ? { storageClassName: o.cls } : {}), resources: { requests: { storage: o.size } } },
  ...(o.allocated ? { status: { allocatedResources: { storage: o.allocated } } } : {}),
});

test('persistentVolumeClaimEvaluator.usage() charges the claim, its storage and both per class', () => {
  assert.deepEqual(formatResourceList(persistentVolumeClaimEvaluator.usage(claim({ cls: 'gold', size: '1Gi' }), 0)), {
    persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1', 'requests.storage': '1Gi',
    'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '1', 'gold.storageclass.storage.k8s.io/requests.storage': '1Gi',
  });
  assert.deepEqual(formatResourceList(persistentVolumeClaimEvaluator.usage(claim({ beta: 'slow', cls: 'gold', size: '1Gi', allocated: '2Gi' }), 0))['slow.storageclass.storage.k8s.io/requests.storage'], '2Gi');
  assert.deepEqual(formatResourceList(persistentVolumeClaimEvaluator.usage(claim({ size: '1.5' }), 0)), { persistentvolumeclaims: '1', 'count/persistentvolumeclaims': '1', 'requests.storage': '2' });
});

test('persistentVolumeClaimEvaluator handles status updates only when the allocated size changes', () => {
  const a = claim({ size: '1Gi', allocated: '1Gi' });
  assert.equal(persistentVolumeClaimEvaluator.handles('UPDATE', 'status', claim({ size: '1Gi', allocated: '2Gi' }), a), true);
  assert.equal(persistentVolumeClaimEvaluator.handles('UPDATE', 'status', a, a), false);
  assert.equal(persistentVolumeClaimEvaluator.handles('UPDATE', '', a, a), true);
  assert.deepEqual(persistentVolumeClaimEvaluator.matchingResources(['requests.storage', 'gold.storageclass.storage.k8s.io/requests.storage', 'x.storageclass.storage.k8s.io/other', 'pods']),
    ['requests.storage', 'gold.storageclass.storage.k8s.io/requests.storage']);
});

test('objectCountEvaluator() counts creates under count/<resource>.<group> and the legacy core aliases', () => {
  assert.deepEqual(formatResourceList(objectCountEvaluator('apps', 'deployments').usage({}, 0)), { 'count/deployments.apps': '1' });
  assert.deepEqual(formatResourceList(objectCountEvaluator('', 'configmaps').usage({}, 0)), { 'count/configmaps': '1', configmaps: '1' });
  assert.equal(objectCountEvaluator('', 'secrets').handles('UPDATE', '', {}, {}), false);
  assert.deepEqual(objectCountEvaluator('', 'secrets').matchingResources(['secrets', 'count/secrets', 'configmaps']), ['secrets', 'count/secrets']);
});

test('parseObjectCountName() reads group and resource', () => {
  assert.deepEqual(parseObjectCountName('count/deployments.apps'), { group: 'apps', resource: 'deployments' });
  assert.deepEqual(parseObjectCountName('count/widgets.example.com'), { group: 'example.com', resource: 'widgets' });
  assert.deepEqual(parseObjectCountName('count/pods'), { group: '', resource: 'pods' });
  assert.equal(parseObjectCountName('pods'), undefined);
});

test('evaluatorsForQuota() finds the evaluator of every tracked name', () => {
  const found = evaluatorsForQuota(['pods', 'requests.cpu', 'services.nodeports', 'secrets', 'count/deployments.apps', 'unknown']).map((e) => `${e.evaluator.group}/${e.evaluator.resource}:${e.names.join('+')}`);
  assert.deepEqual(found.sort(), ['/pods:pods+requests.cpu', '/secrets:secrets', '/services:services.nodeports', 'apps/deployments:count/deployments.apps']);
  assert.equal(evaluatorFor('', 'pods').resource, 'pods');
});
