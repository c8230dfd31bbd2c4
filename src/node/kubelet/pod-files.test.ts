import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { hostsFile, podFqdn, podHostname, resolvConf } from './pod-files.js';

const pod = (spec: Partial<NonNullable<Pod['spec']>>, name = 'web-0', namespace = 'demo'): Pod => ({ metadata: { name, namespace }, spec: { containers: [], ...spec } });
const host = 'nameserver 192.0.2.1\nsearch corp.example\noptions edns0\n';

test('a StatefulSet pod is <hostname>.<subdomain>.<ns>.svc.cluster.local in its /etc/hosts', () => {
  const p = pod({ hostname: 'web-0', subdomain: 'nginx' });
  assert.equal(podHostname(p), 'web-0');
  assert.equal(podFqdn(p), 'web-0.nginx.demo.svc.cluster.local');
  assert.match(hostsFile(p, '10.42.0.5'), /\n10\.42\.0\.5\tweb-0\.nginx\.demo\.svc\.cluster\.local\tweb-0\n$/);
  assert.match(hostsFile(pod({}, 'plain'), '10.42.0.6'), /\n10\.42\.0\.6\tplain\n$/);
});

test('resolv.conf by dnsPolicy: ClusterFirst searches the namespace with ndots:5; Default is the host\'s; None is dnsConfig only', () => {
  assert.equal(resolvConf(pod({}), { clusterDns: '10.42.0.1', host }), 'search demo.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.42.0.1\noptions ndots:5\n');
  assert.match(resolvConf(pod({ dnsPolicy: 'Default' }), { clusterDns: '10.42.0.1', host }), /^search corp\.example\nnameserver 192\.0\.2\.1\n/);
  assert.equal(resolvConf(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['x.example'], options: [{ name: 'ndots', value: '2' }] } }), { clusterDns: '10.42.0.1', host }), 'search x.example\nnameserver 1.1.1.1\noptions ndots:2\n');
});
