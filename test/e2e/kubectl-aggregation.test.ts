// e2e: the aggregation layer through the real kubectl. A tiny HTTPS "extension API server" in this process
// serves wardle.example.com/v1alpha1 (flunders); a selector-less Service, an EndpointSlice to it and an
// APIService register it with a started `skiff server`, which proxies to it as the front proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const group = 'wardle.example.com';
const gv = `${group}/v1alpha1`;

interface SeenRequest { path: string; headers: IncomingHttpHeaders; clientCert: X509Certificate | undefined }

/** The extension API server: discovery, a list of one Flunder, OpenAPI v3, a short watch; records requests. */
async function startExtension(): Promise<{ server: Server; port: number; seen: SeenRequest[] }> {
  const { certPem, keyPem } = await selfSignedServingCertificate('api.wardle.svc', { dns: ['api.wardle.svc'], ips: ['127.0.0.1'] });
  const seen: SeenRequest[] = [];
  const flunder = { apiVersion: gv, kind: 'Flunder', metadata: { name: 'flunder-one', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z', uid: 'f1', resourceVersion: '3' }, spec: { reference: 'x' } };
  const json = (res: import('node:http').ServerResponse, body: unknown, type = 'application/json'): void => {
    res.writeHead(200, { 'Content-Type': type });
    res.end(JSON.stringify(body));
  };
  const server = createServer({ cert: certPem, key: keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const raw = (req.socket as TLSSocket).getPeerCertificate(true).raw as Buffer | undefined;
    seen.push({ path: `${url.pathname}${url.search}`, headers: req.headers, clientCert: raw ? new X509Certificate(raw) : undefined });
    const p = url.pathname;
    if (p === '/apis' && String(req.headers.accept).includes('as=APIGroupDiscoveryList')) {
      return json(res, {
        kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
        items: [{ metadata: { name: group }, versions: [{ version: 'v1alpha1', freshness: 'Current', resources: [{ resource: 'flunders', singularResource: 'flunder', scope: 'Namespaced', shortNames: ['fl'], responseKind: { group, version: 'v1alpha1', kind: 'Flunder' }, verbs: ['get', 'list', 'watch'] }] }] }],
      }, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    }
    if (p === `/apis/${gv}`) return json(res, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: [{ name: 'flunders', singularName: 'flunder', namespaced: true, kind: 'Flunder', verbs: ['get', 'list', 'watch'], shortNames: ['fl'] }] });
    if (p === '/openapi/v3') return json(res, { paths: { [`apis/${gv}`]: { serverRelativeURL: `/openapi/v3/apis/${gv}?hash=WARDLE1` } } });
    if (p === `/openapi/v3/apis/${gv}`) return json(res, { openapi: '3.0.0', info: { title: 'wardle', version: 'v0' }, paths: {}, components: { schemas: { 'com.example.wardle.v1alpha1.Flunder': { type: 'object' } } } });
    // Its swagger 2.0 document, as an aggregated server's carries its own paths and more (kube-aggregator keeps its group-version's).
    if (p === '/openapi/v2') {
      return json(res, {
        swagger: '2.0', info: { title: 'wardle', version: 'v0' },
        paths: {
          [`/apis/${gv}/namespaces/{namespace}/flunders`]: { get: { operationId: 'listWardleFlunders', responses: { 200: { description: 'OK', schema: { $ref: '#/definitions/com.example.wardle.v1alpha1.FlunderList' } } }, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': { group, version: 'v1alpha1', kind: 'Flunder' } } },
          '/api/v1/namespaces': { get: { operationId: 'notMine', responses: { 200: { description: 'OK' } } } },
        },
        definitions: {
          'com.example.wardle.v1alpha1.FlunderList': { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/definitions/com.example.wardle.v1alpha1.Flunder' } } } },
          'com.example.wardle.v1alpha1.Flunder': { type: 'object', properties: { spec: { type: 'object', properties: { reference: { type: 'string' } } } }, 'x-kubernetes-group-version-kind': [{ group, version: 'v1alpha1', kind: 'Flunder' }] },
        },
      });
    }
    if (/^\/apis\/wardle\.example\.com\/v1alpha1\/(namespaces\/default\/)?flunders$/.test(p)) {
      if (url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        res.write(`${JSON.stringify({ type: 'ADDED', object: flunder })}\n`);
        setTimeout(() => res.end(), 1500).unref();
        return undefined;
      }
      return json(res, { kind: 'FlunderList', apiVersion: gv, metadata: { resourceVersion: '3' }, items: [flunder] });
    }
    if (p === `/apis/${gv}/namespaces/default/flunders/flunder-one`) return json(res, flunder);
    // A stand-in for a real metrics-server, which a user may register in place of the built-in metrics API.
    if (p === '/apis/metrics.k8s.io/v1beta1') return json(res, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'metrics.k8s.io/v1beta1', resources: [{ name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] }] });
    if (p === '/apis/metrics.k8s.io/v1beta1/nodes') return json(res, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: [{ metadata: { name: 'from-metrics-server' }, timestamp: '2024-01-01T00:00:00Z', window: '15s', usage: { cpu: '1m', memory: '1Ki' } }] });
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('kubectl and the aggregation layer', { skip }, () => {
  let s: SkiffProcess;
  let ext: Awaited<ReturnType<typeof startExtension>>;
  const apiServiceRow = async (): Promise<string> => (await s.k('get', 'apiservice', `v1alpha1.${group}`, '--no-headers')).trim();

  before(async () => {
    ext = await startExtension();
    s = await startSkiff({ args: ['--apiservice-recheck-interval', '1s'] });
    await s.create(yamlStream([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wardle' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'wardle' }, spec: { ports: [{ port: 443, targetPort: ext.port }] } },
      {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'api-1', namespace: 'wardle', labels: { 'kubernetes.io/service-name': 'api' } },
        addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports: [{ port: ext.port, protocol: 'TCP' }],
      },
      { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: `v1alpha1.${group}` }, spec: { group, version: 'v1alpha1', groupPriorityMinimum: 1000, versionPriority: 15, insecureSkipTLSVerify: true, service: { namespace: 'wardle', name: 'api' } } },
    ]));
  });
  after(async () => {
    ext?.server.closeAllConnections();
    ext?.server.close();
    await s?.stop();
  });

  test('kubectl get apiservices shows the extension Available and the local group-versions as Local', async () => {
    await eventually(async () => assert.match(await apiServiceRow(), /^v1alpha1\.wardle\.example\.com\s+wardle\/api\s+True\s+\d+s$/), { timeoutMs: 20_000 });
    const all = await s.k('get', 'apiservices');
    assert.match(all.split('\n')[0]!, /^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/);
    assert.match(all, /^v1\.\s+Local\s+True\s+\d+s$/m);
    assert.match(all, /^v1\.apps\s+Local\s+True\s+\d+s$/m);
    assert.match(all, /^v2\.autoscaling\s+Local\s+True\s+\d+s$/m);
    assert.equal(JSON.parse(await s.k('get', 'apiservice', `v1alpha1.${group}`, '-o', 'json')).spec.service.port, 443, 'the port defaulted');
  });

  test('kubectl api-resources lists flunders and kubectl get flunders prints the item proxied as the admin', async () => {
    await eventually(async () => assert.match(await s.k('api-resources'), /^flunders\s+fl\s+wardle\.example\.com\/v1alpha1\s+true\s+Flunder$/m), { timeoutMs: 10_000 });
    const before = ext.seen.length;
    const out = await s.k('get', 'flunders');
    assert.match(out, /^NAME\s+AGE\n/);
    assert.match(out, /^flunder-one\s+/m);
    assert.match(await s.k('get', 'fl', 'flunder-one', '-o', 'jsonpath={.spec.reference}'), /^x$/);
    const list = ext.seen.slice(before).find((r) => r.path.startsWith(`/apis/${gv}/namespaces/default/flunders`));
    assert.ok(list, 'the list reached the extension server');
    assert.equal(list.headers['x-remote-user'], 'skiff-admin');
    assert.match(String(list.headers['x-remote-group']), /system:masters/);
    assert.equal(list.headers.authorization, undefined, 'the client credentials are not forwarded');
    const frontProxyCa = new X509Certificate(readFileSync(join(s.dataDir, 'tls', 'front-proxy-ca.crt')));
    assert.ok(list.clientCert, 'the aggregator presented a client certificate');
    assert.equal(list.clientCert.subject, 'CN=front-proxy-client');
    assert.ok(list.clientCert.checkIssued(frontProxyCa) && list.clientCert.verify(frontProxyCa.publicKey), 'signed by the front-proxy CA');
    const cm = JSON.parse(await s.k('get', 'configmap', '-n', 'kube-system', 'extension-apiserver-authentication', '-o', 'json')) as { data: Record<string, string> };
    assert.equal(new X509Certificate(cm.data['requestheader-client-ca-file']!).fingerprint256, frontProxyCa.fingerprint256);
    assert.equal(cm.data['requestheader-username-headers'], '["X-Remote-User"]');
    assert.equal(cm.data['requestheader-allowed-names'], '["front-proxy-client"]');
  });

  test('kubectl get --raw reaches the extension discovery and OpenAPI v3 documents', async () => {
    const list = JSON.parse(await s.k('get', '--raw', `/apis/${gv}`)) as { groupVersion: string; resources: { name: string }[] };
    assert.deepEqual([list.groupVersion, list.resources.map((r) => r.name)], [gv, ['flunders']]);
    const root = JSON.parse(await s.k('get', '--raw', '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
    assert.equal(root.paths[`apis/${gv}`]?.serverRelativeURL, `/openapi/v3/apis/${gv}?hash=WARDLE1`);
    assert.ok(root.paths['apis/apps/v1'], 'local group-versions stay listed');
    const doc = JSON.parse(await s.k('get', '--raw', `/openapi/v3/apis/${gv}?hash=WARDLE1`)) as { info: { title: string } };
    assert.equal(doc.info.title, 'wardle');
  });

  test('/openapi/v2 merges the extension\'s own paths and their definitions into the server\'s document', async () => {
    type Swagger = { paths: Record<string, { get?: { operationId?: string } }>; definitions: Record<string, unknown> };
    const v2 = await eventually(async () => {
      const d = JSON.parse(await s.k('get', '--raw', '/openapi/v2')) as Swagger;
      assert.ok(d.paths[`/apis/${gv}/namespaces/{namespace}/flunders`], 'the extension\'s path is merged');
      return d;
    }, { timeoutMs: 10_000 });
    assert.equal(v2.paths['/api/v1/namespaces']?.get?.operationId, 'listCoreV1Namespace', 'paths outside its group-version are not taken');
    assert.ok(v2.definitions['com.example.wardle.v1alpha1.Flunder'] && v2.definitions['com.example.wardle.v1alpha1.FlunderList']);
    assert.ok(v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'], 'local paths stay');
  });

  test('a watch is streamed through the proxy as the extension writes it', async () => {
    const token = readFileSync(join(s.dataDir, 'tls', 'admin.token'), 'utf8').trim();
    const ca = readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8');
    const started = Date.now();
    const { firstChunkMs, endMs, body } = await new Promise<{ firstChunkMs: number; endMs: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/apis/${gv}/namespaces/default/flunders?watch=true`, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let firstChunkMs = -1;
        let body = '';
        res.on('data', (c: Buffer) => { if (firstChunkMs < 0) firstChunkMs = Date.now() - started; body += c.toString(); });
        res.on('end', () => resolve({ firstChunkMs, endMs: Date.now() - started, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(body, /"type":"ADDED".*"name":"flunder-one"/);
    assert.ok(firstChunkMs >= 0 && endMs - firstChunkMs >= 1000, `the first event arrived at ${firstChunkMs} ms, before the stream ended at ${endMs} ms`);
  });

  test('a real metrics-server can take over metrics.k8s.io from the built-in one, and give it back', async () => {
    const takeOver = { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: 'wardle', name: 'api' } } };
    assert.match(await s.k('get', 'apiservice', 'v1beta1.metrics.k8s.io', '--no-headers'), /^v1beta1\.metrics\.k8s\.io\s+Local\s+True\s/);
    const applied = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(takeOver) });
    assert.equal(applied.code, 0, applied.stderr);
    await eventually(async () => assert.match(await s.k('get', 'apiservice', 'v1beta1.metrics.k8s.io', '--no-headers'), /^v1beta1\.metrics\.k8s\.io\s+wardle\/api\s+True\s/), { timeoutMs: 20_000 });
    await eventually(async () => assert.match(await s.k('get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'), /from-metrics-server/), { timeoutMs: 10_000 });
    // The registration controller leaves the user's APIService alone.
    await new Promise((r) => setTimeout(r, 1500));
    assert.match(await s.k('get', 'apiservice', 'v1beta1.metrics.k8s.io', '--no-headers'), /wardle\/api/);
    await s.k('delete', 'apiservice', 'v1beta1.metrics.k8s.io');
    await eventually(async () => assert.match(await s.k('get', 'apiservice', 'v1beta1.metrics.k8s.io', '--no-headers'), /^v1beta1\.metrics\.k8s\.io\s+Local\s+True\s/), { timeoutMs: 20_000 });
    assert.doesNotMatch(await s.k('get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'), /from-metrics-server/);
  });

  test('an upgrade request to the extension group is refused with a clear 400', async () => {
    const token = readFileSync(join(s.dataDir, 'tls', 'admin.token'), 'utf8').trim();
    const ca = readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8');
    const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/apis/${gv}/namespaces/default/flunders/flunder-one/exec`, { ca, headers: { authorization: `Bearer ${token}`, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('response', (res) => { let body = ''; res.on('data', (c: Buffer) => { body += c.toString(); }); res.on('end', () => resolve({ code: res.statusCode ?? 0, body })); });
      req.on('upgrade', () => reject(new Error('the upgrade was accepted')));
      req.on('error', reject);
      req.end();
    });
    assert.equal(status.code, 400);
    assert.match(status.body, /upgrade requests are not proxied to aggregated API servers: wardle\.example\.com\/v1alpha1 is served by service wardle\/api/);
  });

  test('a stopped extension turns False (FailedDiscoveryCheck), leaves discovery, and kubectl keeps working', async () => {
    ext.server.closeAllConnections();
    await new Promise<void>((resolve) => ext.server.close(() => resolve()));
    await eventually(async () => assert.match(await apiServiceRow(), /^v1alpha1\.wardle\.example\.com\s+wardle\/api\s+False \(FailedDiscoveryCheck\)\s+\d+s$/), { timeoutMs: 20_000 });
    const msg = await s.k('get', 'apiservice', `v1alpha1.${group}`, '-o', 'jsonpath={.status.conditions[0].message}');
    assert.match(msg, new RegExp(`^failing or missing response from https://127\\.0\\.0\\.1:${ext.port}/apis/wardle\\.example\\.com/v1alpha1: .*ECONNREFUSED`));
    const pods = await s.kubectl(['get', 'pods', '-A']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.doesNotMatch(pods.stderr, /wardle|couldn't get resource list/);
    assert.doesNotMatch(await s.k('api-resources'), /flunders/);
    const flunders = await s.kubectl(['get', '--raw', `/apis/${gv}/namespaces/default/flunders`]);
    assert.equal(flunders.code, 1);
    assert.match(flunders.stderr, /ServiceUnavailable|unable to handle the request/);
  });

  test('an EndpointSlice without ready endpoints gives MissingEndpoints, none at all EndpointsNotFound', async () => {
    await s.k('patch', 'endpointslice', 'api-1', '-n', 'wardle', '--type=json', '-p', '[{"op":"replace","path":"/endpoints/0/conditions/ready","value":false}]');
    await eventually(async () => assert.match(await apiServiceRow(), /False \(MissingEndpoints\)/), { timeoutMs: 20_000 });
    await s.k('delete', 'endpointslice', 'api-1', '-n', 'wardle');
    await eventually(async () => assert.match(await apiServiceRow(), /False \(EndpointsNotFound\)/), { timeoutMs: 20_000 });
    await s.k('delete', 'service', 'api', '-n', 'wardle');
    await eventually(async () => assert.match(await apiServiceRow(), /False \(ServiceNotFound\)/), { timeoutMs: 20_000 });
  });

  test('a deleted local APIService is put back', async () => {
    await s.k('delete', 'apiservice', 'v1.batch');
    await eventually(async () => assert.match(await s.k('get', 'apiservice', 'v1.batch', '--no-headers'), /^v1\.batch\s+Local\s+True/), { timeoutMs: 10_000 });
  });
});
