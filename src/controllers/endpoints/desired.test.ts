import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { desiredSlices, desiredSubsets, maxEndpointsPerSlice } from './desired.js';

const svc = (o: { ports?: Service['spec'] extends infer S ? S extends { ports?: infer P } ? P : never : never; headless?: boolean; publish?: boolean } = {}): Service => ({
  metadata: { name: 'nginx', namespace: 'default' },
  spec: { selector: { app: 'nginx' }, ...(o.headless ? { clusterIP: 'None' } : {}), ...(o.publish ? { publishNotReadyAddresses: true } : {}), ...(o.ports === undefined ? { ports: [{ name: 'web', port: 80, targetPort: 'web' }] } : o.ports.length ? { ports: o.ports } : {}) },
});
const pod = (name: string, ip: string | undefined, o: { ready?: boolean; subdomain?: string; deleting?: boolean; phase?: string } = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `u-${name}`, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { hostname: name, subdomain: o.subdomain ?? 'nginx', nodeName: 'node-1', containers: [{ name: 'c', image: 'x', ports: [{ name: 'web', containerPort: 8080 }] }] },
  status: { phase: o.phase ?? 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});

test('desiredSubsets() publishes ready and not-ready pods with hostname only for the matching subdomain', () => {
  const subsets = desiredSubsets(svc(), [pod('web-1', '10.0.0.2', { ready: false }), pod('web-0', '10.0.0.1'), pod('other', '10.0.0.3', { subdomain: 'x' }), pod('noip', undefined), pod('done', '10.0.0.9', { phase: 'Succeeded' }), pod('going', '10.0.0.8', { deleting: true })]);
  assert.deepEqual(subsets, [{
    addresses: [
      { ip: '10.0.0.1', hostname: 'web-0', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u-web-0' } },
      { ip: '10.0.0.3', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'other', uid: 'u-other' } },
    ],
    notReadyAddresses: [{ ip: '10.0.0.2', hostname: 'web-1', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u-web-1' } }],
    ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
  }]);
});

test('desiredSubsets() with publishNotReadyAddresses lists every pod as ready; headless without ports lists addresses only', () => {
  const published = desiredSubsets(svc({ publish: true }), [pod('web-0', '10.0.0.1', { ready: false })]);
  assert.equal(published[0]!.addresses!.length, 1);
  assert.equal(published[0]!.notReadyAddresses, undefined);
  assert.deepEqual(desiredSubsets(svc({ headless: true, ports: [] }), [pod('web-0', '10.0.0.1')]).map((s) => [s.addresses?.length, s.ports]), [[1, undefined]]);
});

test('desiredSlices() gives endpoint conditions and chunks of at most 100 endpoints', () => {
  const [slice] = desiredSlices(svc(), [pod('web-0', '10.0.0.1'), pod('going', '10.0.0.8', { deleting: true })]);
  assert.deepEqual(slice!.endpoints.map((e) => [e.addresses[0], e.conditions]), [['10.0.0.1', { ready: true, serving: true, terminating: false }], ['10.0.0.8', { ready: false, serving: true, terminating: true }]]);
  const many = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, `10.1.${Math.floor(i / 250)}.${i}`));
  assert.deepEqual(desiredSlices(svc(), many).map((s) => s.endpoints.length), [maxEndpointsPerSlice, maxEndpointsPerSlice, 50]);
});
