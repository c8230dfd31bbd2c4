import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { endpointsFor, proxyRules, type ProxyInput } from './rules.js';

const svc = (name: string, spec: Service['spec'] & object): Service => ({ metadata: { name, namespace: 'default' }, spec });
const slice = (service: string, ports: { name?: string; port: number }[], endpoints: { ip: string; ready?: boolean; serving?: boolean; terminating?: boolean }[]): EndpointSlice => ({
  metadata: { name: `${service}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': service } }, addressType: 'IPv4',
  ports: ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: 'TCP' })),
  endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, ...(e.serving !== undefined ? { serving: e.serving } : {}), ...(e.terminating !== undefined ? { terminating: e.terminating } : {}) } })),
});

test('endpointsFor(): ready endpoints on the matching named port; serving-and-terminating ones only when none is ready', () => {
  const web = svc('web', { clusterIP: '10.43.0.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  const slices = [slice('web', [{ name: 'http', port: 8080 }], [{ ip: '10.42.0.3' }, { ip: '10.42.0.2' }, { ip: '10.42.0.9', ready: false, serving: true, terminating: true }]), slice('other', [{ name: 'http', port: 1 }], [{ ip: '10.42.0.7' }])];
  assert.deepEqual(endpointsFor(web, { name: 'http', protocol: 'TCP' }, slices), [{ ip: '10.42.0.2', port: 8080 }, { ip: '10.42.0.3', port: 8080 }]);
  const draining = [slice('web', [{ name: 'http', port: 8080 }], [{ ip: '10.42.0.9', ready: false, serving: true, terminating: true }, { ip: '10.42.0.8', ready: false }])];
  assert.deepEqual(endpointsFor(web, { name: 'http', protocol: 'TCP' }, draining), [{ ip: '10.42.0.9', port: 8080 }]);
  assert.deepEqual(endpointsFor(web, { name: 'metrics', protocol: 'TCP' }, slices), []);
});

const input = (services: Service[], slices: EndpointSlice[]): ProxyInput => ({
  table: 'skiff-proxy-test', bridge: 'skiffabc123', podCidr: '10.42.0.0/24', clusterPodCidrs: ['10.42.0.0/24', '10.42.1.0/24'], masqueradeAll: false, services, slices,
});

test('proxyRules(): ClusterIP and NodePort entries jump to a random endpoint; ports without endpoints reject; headless and ExternalName are left out', () => {
  const rules = proxyRules(input([
    svc('web', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80, nodePort: 30080 }] }),
    svc('empty', { clusterIP: '10.43.0.6', ports: [{ port: 81 }] }),
    svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
  ], [slice('web', [{ port: 80 }], [{ ip: '10.42.0.2' }, { ip: '10.42.1.2' }])]));
  assert.match(rules, /^add table ip skiff-proxy-test\ndelete table ip skiff-proxy-test\ntable ip skiff-proxy-test \{/);
  assert.match(rules, /elements = \{ 10\.43\.0\.5 \. tcp \. 80 : goto (svc-\w+) \}/);
  assert.match(rules, /elements = \{ tcp \. 30080 : goto svc-\w+ \}/);
  assert.match(rules, /elements = \{ 10\.43\.0\.6 \. tcp \. 81 \}/);
  assert.match(rules, /numgen random mod 2 vmap \{ 0 : goto sep-\w+, 1 : goto sep-\w+ \}/);
  assert.match(rules, /ip saddr 10\.42\.0\.2 jump mark-for-masquerade\n    meta l4proto tcp dnat to 10\.42\.0\.2:80\n/);
  assert.match(rules, /iifname "skiffabc123" jump services/);
  assert.match(rules, /ip saddr 10\.42\.0\.0\/24 ip daddr != \{ 10\.42\.0\.0\/24, 10\.42\.1\.0\/24 \} oifname != "skiffabc123" masquerade/);
  assert.doesNotMatch(rules, /headless|example\.com/);
});

const nft = ((): boolean => { try { execFileSync('nft', ['--version'], { stdio: 'ignore' }); return process.getuid?.() === 0; } catch { return false; } })();
test('proxyRules() output is a valid nft script (nft --check)', { skip: nft ? false : 'needs root and nft' }, () => {
  const rules = proxyRules(input([svc('web', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }), svc('empty', { clusterIP: '10.43.0.6', ports: [{ port: 81 }] })],
    [slice('web', [{ port: 80 }], [{ ip: '10.42.0.2' }, { ip: '10.42.1.2' }])]));
  // The first run creates the table the script deletes; --check evaluates without changing anything.
  execFileSync('nft', ['--check', '-f', '-'], { input: rules });
});
