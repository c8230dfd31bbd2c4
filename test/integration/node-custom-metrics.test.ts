// Integration: the metrics nodes scrape from their pods (GET /stats/custom) through the API server's
// nodes/{name}/proxy: a simulated node run in-process (pods' skiff.io/simulate-metrics annotations), and a joined
// kubelet over HTTPS (KubeletServer ← RemoteNodeStats) with the node token guarding it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiServer, createAuthenticator, loadOrCreatePki, RemoteNodeStats, type Pki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, HttpsTransport, InformerFactory } from '../../src/client/index.js';
import { lookupResource, type CustomMetricsSummary, type NodeCustomMetricsSource } from '../../src/api/index.js';
import { annSimulateMetrics, KubeletServer, startSimulatedNodes, type SimulatedNodes } from '../../src/node/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { httpsGet as get, type HttpsAnswer as Answer } from '../support/https-get.js';
import { eventually } from '../support/eventually.js';

const nodes = lookupResource('', 'v1', 'nodes')!;
const pods = lookupResource('', 'v1', 'pods')!;
const joinedMetrics: CustomMetricsSummary = {
  pods: [{ podRef: { name: 'web', namespace: 'default', uid: 'u1' }, time: '2024-05-01T10:00:10.250Z', samples: [{ name: 'packets_per_second', labels: {}, value: 42, type: 'gauge' }] }],
};

describe('pod metrics through the kubelet endpoint and nodes/{name}/proxy/stats/custom', () => {
  let dir: string;
  let pki: Pki;
  let api: ApiServer;
  let kubelet: KubeletServer;
  let transport: HttpsTransport;
  let informers: InformerFactory;
  let simulated: SimulatedNodes | undefined;
  let client: Client;
  let base: string;
  // Callers of the kubelet: the API server's client certificate (allowed by the authorizer) and another
  // certificate of the same CA (a node's, denied).
  const allowedUser = 'kube-apiserver-kubelet-client';
  const asked: string[] = [];
  const authorizer = { allowed: async (user: { name: string }, verb: string, subresource: string) => { asked.push(`${user.name} ${verb} nodes/${subresource}`); return user.name === allowedUser; } };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-custom-'));
    pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    const cert = await selfSignedServingCertificate('joined', { dns: ['localhost'], ips: ['127.0.0.1'] });
    kubelet = await KubeletServer.start({
      host: '127.0.0.1', port: 0, cert: cert.certPem, key: cert.keyPem, clientCaPem: pki.caCertPem, authorizer, streams: () => undefined, stats: () => undefined,
      customMetrics: () => ({ customMetrics: async () => structuredClone(joinedMetrics) }), logger: silentLogger,
    });
    const registry = new Map<string, NodeCustomMetricsSource>([['joined', new RemoteNodeStats({ host: '127.0.0.1', port: kubelet.port }, { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem })]]);
    api = new ApiServer({
      store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]) }),
      nodeCustomMetrics: { customMetricsFor: (n) => registry.get(n) ?? simulated?.customMetricsFor(n) },
    });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    base = `https://127.0.0.1:${port}`;
    transport = new HttpsTransport({ server: base, ca: pki.caCertPem, token: pki.adminToken });
    client = new Client({ transport: new InProcessTransport({ server: api, token: pki.adminToken, userAgent: 'test' }), fieldManager: 'test' });
    for (const name of ['joined', 'silent']) await client.create(nodes, '', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
    // Pod admission wants the namespace's default service account (no service account controller runs here).
    await client.create(lookupResource('', 'v1', 'serviceaccounts')!, 'default', { metadata: { name: 'default' } });
    informers = new InformerFactory({ client, clock: realClock, logger: silentLogger });
    simulated = await startSimulatedNodes({ client, informers, clock: realClock, logger: silentLogger }, { count: 1 });
  });
  after(async () => {
    await simulated?.[Symbol.asyncDispose]();
    await informers[Symbol.asyncDispose]();
    transport.close();
    await kubelet[Symbol.asyncDispose]();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  const viaApi = (path: string): Promise<Answer> => get(`${base}${path}`, { token: pki.adminToken, ca: pki.caCertPem });
  const customOf = async (node: string): Promise<CustomMetricsSummary> => {
    const r = await viaApi(`/api/v1/nodes/${node}/proxy/stats/custom`);
    assert.deepEqual([r.code, r.type], [200, 'application/json'], r.body);
    return JSON.parse(r.body) as CustomMetricsSummary;
  };

  test('KubeletServer serves /stats/custom to the callers its authorizer allows', async () => {
    const url = `https://127.0.0.1:${kubelet.port}/stats/custom`;
    assert.deepEqual([(await get(url)).code, (await get(url, { token: 'wrong' })).code], [401, 401]);
    const r = await get(url, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem } });
    assert.deepEqual([r.code, r.type, JSON.parse(r.body)], [200, 'application/json', joinedMetrics]);
    // A kubelet without the source yet (starting) answers 503.
    assert.equal((await get(`https://127.0.0.1:${kubelet.port}/stats/summary`, { cert: { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem } })).code, 503);
  });

  test('GET nodes/{name}/proxy/stats/custom reaches a joined kubelet over HTTPS; a node without an agent is 503', async () => {
    assert.deepEqual(await customOf('joined'), joinedMetrics);
    assert.deepEqual(await customOf('joined:10250'), joinedMetrics);
    const silent = await viaApi('/api/v1/nodes/silent/proxy/stats/custom');
    assert.deepEqual([silent.code, (JSON.parse(silent.body) as { message: string }).message], [503, 'error trying to reach service: node "silent" has no agent serving its kubelet']);
    assert.equal((await viaApi('/api/v1/nodes/nope/proxy/stats/custom')).code, 404);
  });

  test('a simulated node reports its pods\' skiff.io/simulate-metrics; an annotation change shows on the next read, the counter keeps its count', async () => {
    const pod = (name: string, annotations: Record<string, string>): Pod => ({ metadata: { name, namespace: 'default', annotations }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] } });
    await client.create(pods, 'default', pod('web', { [annSimulateMetrics]: 'packets_per_second=1200, http_requests_total{path="/api"}+=25' }));
    await client.create(pods, 'default', pod('plain', {}));
    const web = await eventually(async () => {
      const all = await customOf('node-1');
      assert.deepEqual(all.pods.map((p) => p.podRef.name), ['web']);
      return all.pods[0]!;
    }, { timeoutMs: 10_000 });
    const uid = ((await client.get(pods, 'default', 'web')) as Pod).metadata?.uid;
    assert.deepEqual([web.podRef, web.samples.map((s) => [s.name, s.labels, s.type])], [
      { name: 'web', namespace: 'default', uid }, [['packets_per_second', {}, 'gauge'], ['http_requests_total', { path: '/api' }, 'counter']],
    ]);
    assert.equal(web.samples[0]?.value, 1200);
    const counter = async (): Promise<{ ms: number; value: number }> => {
      const p = (await customOf('node-1')).pods[0];
      return { ms: Date.parse(p?.time ?? ''), value: p?.samples.find((s) => s.name === 'http_requests_total')?.value ?? NaN };
    };
    const c1 = await counter();
    await client.patch(pods, 'default', 'web', { metadata: { annotations: { [annSimulateMetrics]: 'packets_per_second=300, http_requests_total{path="/api"}+=1k' } } });
    const after = await eventually(async () => {
      const p = (await customOf('node-1')).pods[0];
      assert.equal(p?.samples[0]?.value, 300);
      return p!;
    }, { timeoutMs: 10_000 });
    const c2 = { ms: Date.parse(after.time), value: after.samples[1]?.value ?? NaN };
    // Before the change was seen it counted at 25/s at most; after it, 1000/s exactly.
    assert.ok(c2.value >= c1.value && c2.value <= c1.value + (25 * (c2.ms - c1.ms)) / 1000 + 1e-6, `${JSON.stringify(c1)} then ${JSON.stringify(c2)}`);
    const c3 = await eventually(async () => { const c = await counter(); assert.ok(c.ms - c2.ms >= 200); return c; }, { timeoutMs: 5_000, intervalMs: 100 });
    assert.ok(Math.abs((c3.value - c2.value) - (1000 * (c3.ms - c2.ms)) / 1000) < 1e-6, `${JSON.stringify(c2)} then ${JSON.stringify(c3)}`);
  });
});
