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
  table: 'skiff-proxy-test', nodeName: 'n1', bridge: 'skiffabc123', podCidr: '10.42.0.0/24', clusterPodCidrs: ['10.42.0.0/24', '10.42.1.0/24'], masqueradeAll: false, services, slices,
});

test('proxyRules(): ClusterIP and NodePort entries jump to a random endpoint; ports without endpoints reject; headless and ExternalName are left out', () => {
  const { script: rules } = proxyRules(input([
    svc('web', { type: 'NodePort', clusterIP: '10.43.0.5', ports: [{ port: 80, nodePort: 30080 }] }),
    svc('empty', { clusterIP: '10.43.0.6', ports: [{ port: 81 }] }),
    svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
  ], [slice('web', [{ port: 80 }], [{ ip: '10.42.0.2' }, { ip: '10.42.1.2' }])]));
  assert.match(rules, /^add table ip skiff-proxy-test\ndelete table ip skiff-proxy-test\ntable ip skiff-proxy-test \{/);
  assert.match(rules, /elements = \{ 10\.43\.0\.5 \. tcp \. 80 : goto (svc-\w+) \}/);
  assert.match(rules, /elements = \{ tcp \. 30080 : goto ext-\w+ \}/);
  assert.match(rules, /chain ext-\w+ \{\n    comment "default\/web\/tcp\/"\n    jump mark-for-masquerade\n    goto svc-\w+\n  \}/);
  assert.match(rules, /elements = \{ 10\.43\.0\.6 \. tcp \. 81 \}/);
  assert.match(rules, /numgen random mod 2 vmap \{ 0 : goto sep-\w+, 1 : goto sep-\w+ \}/);
  assert.match(rules, /ip saddr 10\.42\.0\.2 jump mark-for-masquerade\n    meta l4proto tcp dnat to 10\.42\.0\.2:80\n/);
  assert.match(rules, /iifname "skiffabc123" jump services/);
  assert.match(rules, /ip saddr 10\.42\.0\.0\/24 ip daddr != \{ 10\.42\.0\.0\/24, 10\.42\.1\.0\/24 \} oifname != "skiffabc123" masquerade/);
  assert.doesNotMatch(rules, /headless|example\.com/);
  assert.match(rules, /iifname "skiffabc123" ip daddr 127\.0\.0\.0\/8 ct status & dnat != dnat drop/, 'only DNATed traffic from pods reaches the host loopback');
});

const slice2 = (service: string, eps: { ip: string; node: string }[]): EndpointSlice => ({ ...slice(service, [{ port: 80 }], eps), endpoints: eps.map((e) => ({ addresses: [e.ip], nodeName: e.node, conditions: { ready: true } })) });

test('proxyRules(): traffic policies Local use this node\'s endpoints (none: drop) and keep the client\'s address on NodePorts', () => {
  const { script } = proxyRules(input([
    svc('loc', { type: 'NodePort', clusterIP: '10.43.0.7', internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30081 }] }),
    svc('far', { clusterIP: '10.43.0.8', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
  ], [slice2('loc', [{ ip: '10.42.0.2', node: 'n1' }, { ip: '10.42.1.2', node: 'n2' }]), slice2('far', [{ ip: '10.42.1.3', node: 'n2' }])]));
  const chain = (comment: string, prefix: string): string => new RegExp(`chain ${prefix}-\\w+ \\{\\n    comment "${comment}"\\n([^}]*)\\}`).exec(script)?.[1] ?? '';
  assert.match(chain('default/loc/tcp/', 'svc'), /^    goto sep-\w+\n  $/);
  assert.match(chain('default/loc/tcp/', 'ext'), /^    goto sep-\w+\n  $/, 'no masquerade for Local');
  assert.equal(chain('default/far/tcp/', 'svc'), '    drop\n  ');
});

test('proxyRules(): sessionAffinity ClientIP sends a known client to its endpoint; a later script keeps the affinity sets and deletes what is gone', () => {
  const sticky = svc('sticky', { clusterIP: '10.43.0.9', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } }, ports: [{ port: 80 }] });
  const first = proxyRules(input([sticky], [slice('sticky', [{ port: 80 }], [{ ip: '10.42.0.2' }, { ip: '10.42.0.3' }])]));
  assert.equal(first.made.sets.length, 2);
  assert.match(first.script, /set (aff-\w+) \{\n    type ipv4_addr\n    flags dynamic,timeout\n    timeout 600s\n  \}/);
  assert.match(first.script, /ip saddr @aff-\w+ goto sep-\w+\n    ip saddr @aff-\w+ goto sep-\w+\n    numgen random mod 2/);
  assert.match(first.script, /update @aff-\w+ \{ ip saddr \}\n    meta l4proto tcp dnat to 10\.42\.0\.2:80/);
  const second = proxyRules(input([sticky], [slice('sticky', [{ port: 80 }], [{ ip: '10.42.0.2' }])]), first.made);
  assert.match(second.script, /^add table ip skiff-proxy-test\nflush table ip skiff-proxy-test\nflush map ip skiff-proxy-test service-ips\n/);
  const gone = first.made.sets.find((x) => !second.made.sets.includes(x))!;
  assert.match(second.script, new RegExp(`\\ndelete chain ip skiff-proxy-test sep-\\w+\\ndelete set ip skiff-proxy-test ${gone}\\n$`));
});

const nft = ((): boolean => { try { execFileSync('nft', ['--version'], { stdio: 'ignore' }); execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' }); return process.getuid?.() === 0; } catch { return false; } })();
test('proxyRules() scripts apply with nft: a replacement, then an update that deletes what went away', { skip: nft ? false : 'needs root, nft and ip netns' }, () => {
  const ns = `skiff-rules-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    const apply = (script: string): void => { execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: script }); };
    const services = [svc('web', { type: 'NodePort', clusterIP: '10.43.0.5', sessionAffinity: 'ClientIP', ports: [{ port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }), svc('empty', { clusterIP: '10.43.0.6', ports: [{ port: 81 }] })];
    const first = proxyRules(input(services, [slice('web', [{ port: 80 }], [{ ip: '10.42.0.2' }, { ip: '10.42.1.2' }])]));
    apply(first.script);
    const second = proxyRules(input(services.slice(0, 1), [slice('web', [{ port: 80 }], [{ ip: '10.42.0.2' }])]), first.made);
    apply(second.script);
    const listed = execFileSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'table', 'ip', 'skiff-proxy-test'], { encoding: 'utf8' });
    assert.equal([...listed.matchAll(/chain sep-/g)].length, 1);
    assert.equal([...listed.matchAll(/set aff-/g)].length, 1);
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
});
