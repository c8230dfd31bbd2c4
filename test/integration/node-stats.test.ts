// Integration: a node's stats through the API server's nodes/{name}/proxy, in-process and over HTTPS to a
// kubelet endpoint (KubeletServer ← RemoteNodeStats), with the node token guarding the kubelet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki, RemoteNodeStats, type Pki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, HttpsTransport } from '../../src/client/index.js';
import { lookupResource, type NodeStatsSource, type Summary } from '../../src/api/index.js';
import { KubeletServer } from '../../src/node/index.js';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { silentLogger } from '../../src/util/index.js';
import { httpsGet as get, type HttpsAnswer as Answer } from '../support/https-get.js';

const nodes = lookupResource('', 'v1', 'nodes')!;
const t = '2024-05-01T10:00:10.250Z';
const summaryOf = (nodeName: string): Summary => ({
  node: { nodeName, startTime: '2024-05-01T00:00:00Z', cpu: { time: t, usageNanoCores: 5e8, usageCoreNanoSeconds: 9e9 }, memory: { time: t, availableBytes: 100, usageBytes: 300, workingSetBytes: 200, rssBytes: 50, pageFaults: 1, majorPageFaults: 0 } },
  pods: [{
    podRef: { name: 'web', namespace: 'default', uid: 'u1' }, startTime: '2024-05-01T09:00:00Z',
    containers: [{ name: 'app', startTime: '2024-05-01T09:00:01.000Z', cpu: { time: t, usageCoreNanoSeconds: 2e9 }, memory: { time: t, workingSetBytes: 64 } }],
    cpu: { time: t, usageCoreNanoSeconds: 2e9 }, memory: { time: t, workingSetBytes: 64 },
  }],
});
const fixed = (s: Summary): NodeStatsSource => ({ summary: async () => structuredClone(s) });

describe('node stats through the kubelet endpoint and nodes/{name}/proxy', () => {
  let dir: string;
  let pki: Pki;
  let api: ApiServer;
  let kubelet: KubeletServer;
  let transport: HttpsTransport;
  let base: string;
  // Callers of the kubelet: the API server's client certificate (allowed by the authorizer) and another
  // certificate of the same CA (a node's, denied).
  const allowedUser = 'kube-apiserver-kubelet-client';
  const asked: string[] = [];
  const authorizer = { allowed: async (user: { name: string }, verb: string, subresource: string) => { asked.push(`${user.name} ${verb} nodes/${subresource}`); return user.name === allowedUser; } };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-stats-'));
    pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    const cert = await selfSignedServingCertificate('joined', { dns: ['localhost'], ips: ['127.0.0.1'] });
    kubelet = await KubeletServer.start({ host: '127.0.0.1', port: 0, cert: cert.certPem, key: cert.keyPem, clientCaPem: pki.caCertPem, authorizer, streams: () => undefined, stats: () => fixed(summaryOf('joined')), logger: silentLogger });
    const remote = new RemoteNodeStats({ host: '127.0.0.1', port: kubelet.port }, { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem });
    const registry = new Map<string, NodeStatsSource>([['joined', remote], ['local', fixed(summaryOf('local'))], ['broken', { summary: async () => { throw new Error('cannot read the root cgroup'); } }]]);
    api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }), nodeStats: { statsFor: (n) => registry.get(n) } });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    base = `https://127.0.0.1:${port}`;
    transport = new HttpsTransport({ server: base, ca: pki.caCertPem, token: pki.adminToken });
    const client = new Client({ transport, fieldManager: 'test' });
    for (const name of ['joined', 'local', 'broken', 'silent']) await client.create(nodes, '', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  });
  after(async () => {
    transport.close();
    await kubelet[Symbol.asyncDispose]();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  const viaApi = (path: string, method?: string): Promise<Answer> => get(`${base}${path}`, { token: pki.adminToken, ca: pki.caCertPem, ...(method ? { method } : {}) });

  test('KubeletServer serves /stats/summary and /metrics/resource to callers with a client certificate of the cluster CA that its authorizer allows', async () => {
    const url = `https://127.0.0.1:${kubelet.port}`;
    assert.deepEqual((await get(`${url}/stats/summary`)).code, 401);
    assert.deepEqual((await get(`${url}/stats/summary`, { token: 'wrong' })).code, 401);
    const other = await selfSignedServingCertificate('kube-apiserver-kubelet-client', { dns: [], ips: [] });
    assert.deepEqual((await get(`${url}/stats/summary`, { cert: other })).code, 401, 'a certificate of another CA');
    const denied = await get(`${url}/stats/summary`, { cert: { certPem: pki.adminCertPem, keyPem: pki.adminKeyPem } });
    assert.deepEqual([denied.code, JSON.parse(denied.body).message], [403, 'Forbidden (user=skiff-admin, verb=get, resource=nodes, subresource(s)=[stats])']);
    const summary = await get(`${url}/stats/summary`, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem } });
    assert.deepEqual([summary.code, summary.type, JSON.parse(summary.body)], [200, 'application/json', summaryOf('joined')]);
    const metrics = await get(`${url}/metrics/resource`, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem } });
    assert.deepEqual([metrics.code, metrics.type], [200, 'text/plain; version=0.0.4; charset=utf-8']);
    assert.match(metrics.body, /^container_cpu_usage_seconds_total\{container="app",namespace="default",pod="web"\} 2 1714557610250$/m);
    assert.equal((await get(`${url}/stats/summary`, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem }, method: 'DELETE' })).code, 405);
    assert.equal((await get(`${url}/pods`, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem } })).code, 404);
    assert.ok(asked.includes('kube-apiserver-kubelet-client get nodes/stats') && asked.includes('kube-apiserver-kubelet-client get nodes/metrics') && asked.includes('kube-apiserver-kubelet-client get nodes/proxy'), asked.join('\n'));
  });

  test('GET nodes/{name}/proxy/stats/summary reaches a joined kubelet over HTTPS and an in-process node directly', async () => {
    for (const name of ['joined', 'local']) {
      const r = await viaApi(`/api/v1/nodes/${name}/proxy/stats/summary`);
      assert.deepEqual([r.code, r.type, JSON.parse(r.body)], [200, 'application/json', summaryOf(name)]);
    }
    // kubectl's "<node>:<port>" form names the same node.
    assert.equal((await viaApi('/api/v1/nodes/joined:10250/proxy/stats/summary')).code, 200);
  });

  test('GET nodes/{name}/proxy/metrics/resource is the Prometheus text; a failed measurement is resource_scrape_error 1', async () => {
    const r = await viaApi('/api/v1/nodes/joined/proxy/metrics/resource');
    assert.deepEqual([r.code, r.type], [200, 'text/plain; version=0.0.4; charset=utf-8']);
    assert.match(r.body, /^node_memory_working_set_bytes 200 1714557610250$/m);
    assert.match(r.body, /^pod_memory_working_set_bytes\{namespace="default",pod="web"\} 64 1714557610250$/m);
    const broken = await viaApi('/api/v1/nodes/broken/proxy/metrics/resource');
    assert.deepEqual([broken.code, broken.body.match(/^resource_scrape_error (\d)$/m)?.[1]], [200, '1']);
    assert.equal((await viaApi('/api/v1/nodes/broken/proxy/stats/summary')).code, 500);
  });

  test('nodes/{name}/proxy answers 404 for other kubelet paths and unknown nodes, 503 without an agent, 405 for writes', async () => {
    const codes = await Promise.all([
      viaApi('/api/v1/nodes/joined/proxy/pods'), viaApi('/api/v1/nodes/joined/proxy'), viaApi('/api/v1/nodes/nope/proxy/stats/summary'),
      viaApi('/api/v1/nodes/silent/proxy/stats/summary'), viaApi('/api/v1/nodes/joined/proxy/stats/summary', 'POST'),
    ]);
    assert.deepEqual(codes.map((c) => c.code), [404, 404, 404, 503, 405]);
    assert.match(codes[3]!.body, /node \\"silent\\" has no agent serving its kubelet/);
  });

  test('discovery lists nodes/proxy', async () => {
    const r = await viaApi('/api/v1');
    const resources = (JSON.parse(r.body) as { resources: { name: string; kind: string }[] }).resources;
    assert.deepEqual(resources.find((x) => x.name === 'nodes/proxy')?.kind, 'NodeProxyOptions');
  });
});
