import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { endpointSliceRules } from './endpoint-slice.js';

const slice = (): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: { name: 'nginx-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.42.0.7'], hostname: 'web-0', nodeName: 'node-1', conditions: { ready: true } }],
  ports: [{ port: 80, name: 'web' }, { port: 53, protocol: 'UDP' }],
});

test('endpointSliceRules.defaults() gives ports an empty name and TCP', () => {
  const o = slice();
  endpointSliceRules.defaults?.(o);
  assert.deepEqual(o['ports'], [{ port: 80, name: 'web', protocol: 'TCP' }, { port: 53, protocol: 'UDP', name: '' }]);
  assert.deepEqual(endpointSliceRules.validate?.(o), []);
});

test('endpointSliceRules.validate() checks addressType, addresses and ports', () => {
  const o = slice();
  endpointSliceRules.defaults?.(o);
  const cases: { name: string; change: Record<string, unknown>; want: string[] }[] = [
    { name: 'no addressType', change: { addressType: undefined }, want: ['addressType: Required value'] },
    { name: 'bad addressType', change: { addressType: 'IPv5' }, want: ['addressType: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "FQDN"'] },
    { name: 'no addresses', change: { endpoints: [{ addresses: [] }] }, want: ['endpoints[0].addresses: Required value: must contain at least 1 address'] },
    { name: 'IPv6 address in an IPv4 slice', change: { endpoints: [{ addresses: ['fd00::1'] }] }, want: ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'] },
    { name: 'bad port', change: { ports: [{ port: 0, name: '', protocol: 'TCP' }] }, want: ['ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'] },
  ];
  for (const c of cases) assert.deepEqual((endpointSliceRules.validate?.({ ...structuredClone(o), ...c.change }) ?? []).map(errorString), c.want, c.name);
  assert.deepEqual(endpointSliceRules.validate?.({ ...structuredClone(o), addressType: 'IPv6', endpoints: [{ addresses: ['fd00::1', '::ffff:10.0.0.1'] }] }), []);
});

test('endpointSliceRules.validateUpdate() keeps addressType immutable', () => {
  const old = slice();
  endpointSliceRules.defaults?.(old);
  const next = { ...structuredClone(old), addressType: 'FQDN', endpoints: [{ addresses: ['web-0.nginx.default.svc.cluster.local'] }] };
  assert.deepEqual((endpointSliceRules.validateUpdate?.(next, old) ?? []).map(errorString), ['addressType: Invalid value: "FQDN": field is immutable']);
});
