import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { scrapeTarget } from './scrape-target.js';

const pod = (annotations: Record<string, string>, containers: Container[] = [{ name: 'app' }]): Pod => ({
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', annotations }, spec: { containers },
});
const scrape = { 'prometheus.io/scrape': 'true' };
const urlOf = (p: Pod, ip = '10.42.0.5'): string | undefined => scrapeTarget(p, ip)?.url;

test('scrapeTarget() takes only pods annotated prometheus.io/scrape: "true"', () => {
  assert.deepEqual(scrapeTarget(pod(scrape), '10.42.0.5'), { pod: { name: 'web', namespace: 'shop', uid: 'u1' }, url: 'http://10.42.0.5/metrics' });
  assert.deepEqual([pod({}), pod({ 'prometheus.io/scrape': 'false' }), pod({ 'prometheus.io/scrape': 'True' }), pod({ 'prometheus.io/port': '8080' })].map((p) => urlOf(p)), [undefined, undefined, undefined, undefined]);
});

test('scrapeTarget() uses the port and path annotations, else the first declared TCP containerPort, else 80', () => {
  const ports: Container[] = [{ name: 'dns', ports: [{ containerPort: 53, protocol: 'UDP' }] }, { name: 'app', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }];
  const cases: [Pod, string][] = [
    [pod(scrape, ports), 'http://10.42.0.5:8080/metrics'],
    [pod({ ...scrape, 'prometheus.io/port': '9102' }, ports), 'http://10.42.0.5:9102/metrics'],
    [pod({ ...scrape, 'prometheus.io/path': '/stats/prometheus' }), 'http://10.42.0.5/stats/prometheus'],
    [pod({ ...scrape, 'prometheus.io/path': 'custom?format=text', 'prometheus.io/port': ' 8443 ' }), 'http://10.42.0.5:8443/custom?format=text'],
    [pod({ ...scrape, 'prometheus.io/path': '', 'prometheus.io/port': '' }, [{ name: 'dns', ports: [{ containerPort: 53, protocol: 'UDP' }] }]), 'http://10.42.0.5/metrics'],
  ];
  assert.deepEqual(cases.map(([p]) => urlOf(p)), cases.map(([, url]) => url));
  assert.equal(urlOf(pod(scrape), 'fd00::5'), 'http://[fd00::5]/metrics');
});

test('scrapeTarget() throws a RangeError for a port annotation that names no port', () => {
  for (const port of ['http', '0', '65536', '80.5', '-1']) {
    assert.throws(() => scrapeTarget(pod({ ...scrape, 'prometheus.io/port': port }), '10.42.0.5'), (e: unknown) => e instanceof RangeError && e.message === `Cannot scrape pod "web": prometheus.io/port "${port}" is not a port number`);
  }
});
