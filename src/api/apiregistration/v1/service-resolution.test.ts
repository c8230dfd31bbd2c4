import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { endpointUrl, resolveServiceEndpoint, type Resolution } from './service-resolution.js';

const target = { namespace: 'wardle', name: 'api', port: 443 };
const svc = (ports: { name?: string; port: number }[], type = 'ClusterIP'): Service => ({ metadata: { namespace: 'wardle', name: 'api' }, spec: { type, ports } });
const slice = (name: string, endpoints: { ip: string; ready?: boolean }[], ports: { name?: string; port?: number }[], o: { service?: string; ns?: string; type?: string } = {}): EndpointSlice => ({
  metadata: { name, namespace: o.ns ?? 'wardle', labels: { 'kubernetes.io/service-name': o.service ?? 'api' } },
  addressType: o.type ?? 'IPv4',
  endpoints: endpoints.map((e) => ({ addresses: [e.ip], ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }) })),
  ports,
});
const first = (): number => 0;
const last = (n: number): number => n - 1;

const cases: { name: string; service?: Service; slices: EndpointSlice[]; pick?: (n: number) => number; want: Resolution }[] = [
  { name: 'reports a missing Service', slices: [], want: { ok: false, reason: 'ServiceNotFound', message: 'service/api in "wardle" is not present' } },
  { name: 'reports a Service without the port', service: svc([{ port: 80 }]), slices: [], want: { ok: false, reason: 'ServicePortError', message: 'service/api in "wardle" is not listening on port 443' } },
  { name: 'reports a Service without EndpointSlices', service: svc([{ port: 443 }]), slices: [slice('other', [{ ip: '10.0.0.9' }], [{ port: 8443 }], { service: 'other' })], want: { ok: false, reason: 'EndpointsNotFound', message: 'cannot find endpointslices for service/api in "wardle"' } },
  {
    name: 'reports slices without a ready address on the port name',
    service: svc([{ name: 'https', port: 443 }]),
    slices: [slice('a', [{ ip: '10.0.0.1', ready: false }], [{ name: 'https', port: 8443 }]), slice('b', [{ ip: '10.0.0.2' }], [{ name: 'metrics', port: 9090 }]), slice('c', [{ ip: '10.0.0.3' }], [{ name: 'https', port: 8443 }], { ns: 'elsewhere' })],
    want: { ok: false, reason: 'MissingEndpoints', message: 'endpointslices for service/api in "wardle" have no addresses with port name "https"' },
  },
  {
    name: 'resolves a ready endpoint at the slice port (an unnamed port matches an unnamed slice port)',
    service: svc([{ port: 443 }]),
    slices: [slice('a', [{ ip: '10.0.0.1', ready: false }, { ip: '127.0.0.1' }], [{ port: 40123 }])],
    want: { ok: true, host: '127.0.0.1', port: 40123, serverName: 'api.wardle.svc' },
  },
  {
    name: 'treats an unset ready condition as ready and lets pick choose among the ready ones',
    service: svc([{ name: 'https', port: 443 }]),
    slices: [slice('a', [{ ip: '10.0.0.1' }], [{ name: 'https', port: 8443 }]), slice('b', [{ ip: 'fd00::2', ready: true }], [{ name: 'https', port: 9443 }], { type: 'IPv6' }), slice('c', [{ ip: 'x.example' }], [{ name: 'https', port: 1 }], { type: 'FQDN' })],
    pick: last,
    want: { ok: true, host: 'fd00::2', port: 9443, serverName: 'api.wardle.svc' },
  },
  {
    name: 'resolves an ExternalName Service to its name and the APIService port',
    service: { metadata: { namespace: 'wardle', name: 'api' }, spec: { type: 'ExternalName', externalName: 'wardle.example.com' } },
    slices: [],
    want: { ok: true, host: 'wardle.example.com', port: 443, serverName: 'api.wardle.svc' },
  },
];
for (const c of cases) test(`resolveServiceEndpoint() ${c.name}`, () => assert.deepEqual(resolveServiceEndpoint(target, c.service, c.slices, c.pick ?? first), c.want));

test('endpointUrl() brackets IPv6 hosts', () => {
  assert.equal(endpointUrl('127.0.0.1', 443), 'https://127.0.0.1:443');
  assert.equal(endpointUrl('fd00::2', 9443), 'https://[fd00::2]:9443');
});
