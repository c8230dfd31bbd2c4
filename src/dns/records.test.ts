// The cluster.local schema against a fixed view: a headless Service with StatefulSet endpoints (one not
// ready), a ClusterIP Service, an ExternalName Service, pod records, reverse lookups, forwarding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { answer, type ClusterView } from './records.js';

const svc = (name: string, spec: NonNullable<Service['spec']>): Service => ({ metadata: { name, namespace: 'default' }, spec });
const services = [
  svc('nginx', { clusterIP: 'None', ports: [{ name: 'web', port: 80, protocol: 'TCP' }, { port: 81 }] }),
  svc('api', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }),
  svc('ext', { type: 'ExternalName', externalName: 'example.org' }),
  svc('empty', { clusterIP: 'None' }),
];
const slices: Record<string, EndpointSlice[]> = {
  nginx: [{
    addressType: 'IPv4', ports: [{ name: 'web', port: 80, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.42.1.2'], hostname: 'web-0', conditions: { ready: true } },
      { addresses: ['10.42.2.2'], hostname: 'web-1', conditions: { ready: true } },
      { addresses: ['10.42.3.2'], hostname: 'web-2', conditions: { ready: false } },
      { addresses: ['10.42.3.9'], conditions: { ready: true } },
    ],
  }],
};
const view: ClusterView = {
  service: (ns, name) => services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
  slices: (_ns, name) => slices[name] ?? [],
  services: () => services,
};
const q = (name: string, type = 'A') => answer(view, name, type);
const data = (a: ReturnType<typeof answer>) => (a.rcode === 'NOERROR' ? a.answers.map((r) => (typeof r.data === 'string' ? r.data : `${r.data.port} ${r.data.target}`)) : a.rcode);

test('a headless Service answers its ready endpoints; a ClusterIP Service its ClusterIP', () => {
  assert.deepEqual(data(q('nginx.default.svc.cluster.local')), ['10.42.1.2', '10.42.2.2', '10.42.3.9']);
  assert.deepEqual(data(q('NGINX.default.svc.cluster.local.')), ['10.42.1.2', '10.42.2.2', '10.42.3.9']);
  assert.deepEqual(data(q('api.default.svc.cluster.local')), ['10.43.0.20']);
  assert.equal(q('empty.default.svc.cluster.local').rcode, 'NXDOMAIN', 'no ready endpoints');
  assert.equal(q('missing.default.svc.cluster.local').rcode, 'NXDOMAIN');
  assert.deepEqual(data(q('nginx.default.svc.cluster.local', 'AAAA')), [], 'IPv4 only: the name exists, no AAAA');
});

test('pods behind a headless Service by hostname, while ready; endpoints without hostname by dashed IP', () => {
  assert.deepEqual(data(q('web-0.nginx.default.svc.cluster.local')), ['10.42.1.2']);
  assert.equal(q('web-2.nginx.default.svc.cluster.local').rcode, 'NXDOMAIN', 'not ready');
  assert.deepEqual(data(q('10-42-3-9.nginx.default.svc.cluster.local')), ['10.42.3.9']);
  assert.equal(q('web-0.api.default.svc.cluster.local').rcode, 'NXDOMAIN', 'not headless');
});

test('SRV per named port: headless per ready endpoint, ClusterIP to the Service name; unnamed ports have none', () => {
  assert.deepEqual(data(q('_web._tcp.nginx.default.svc.cluster.local', 'SRV')), ['80 web-0.nginx.default.svc.cluster.local', '80 web-1.nginx.default.svc.cluster.local', '80 10-42-3-9.nginx.default.svc.cluster.local']);
  assert.deepEqual(data(q('_http._tcp.api.default.svc.cluster.local', 'SRV')), ['8080 api.default.svc.cluster.local']);
  assert.equal(q('_web._udp.nginx.default.svc.cluster.local', 'SRV').rcode, 'NXDOMAIN');
});

test('ExternalName is a CNAME; pod records come from the name; PTR for endpoints and ClusterIPs', () => {
  assert.deepEqual(data(q('ext.default.svc.cluster.local')), ['example.org']);
  assert.deepEqual(data(q('10-42-1-2.default.pod.cluster.local')), ['10.42.1.2']);
  assert.equal(q('10-42-1.default.pod.cluster.local').rcode, 'NXDOMAIN');
  assert.deepEqual(data(q('2.1.42.10.in-addr.arpa', 'PTR')), ['web-0.nginx.default.svc.cluster.local']);
  assert.deepEqual(data(q('20.0.43.10.in-addr.arpa', 'PTR')), ['api.default.svc.cluster.local']);
  assert.equal(q('1.0.0.127.in-addr.arpa', 'PTR').rcode, 'FORWARD');
});

test('the zone and namespaces exist; other names are forwarded', () => {
  assert.deepEqual(data(q('cluster.local')), []);
  assert.deepEqual(data(q('default.svc.cluster.local')), []);
  assert.equal(q('a.b.c.cluster.local').rcode, 'NXDOMAIN');
  assert.equal(q('debian.org').rcode, 'FORWARD');
});
