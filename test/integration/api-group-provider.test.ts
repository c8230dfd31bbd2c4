// Integration: an in-process API group provider (test/support/widget-provider.ts) served by ApiServer and
// used through the real kubectl: discovery, tables (the provider's printer and the default one), JSON,
// create, errors, OpenAPI v3, and the user the provider sees.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, createAuthenticator, loadOrCreatePki } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, InformerFactory } from '../../src/client/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { startApiServiceRegistrationController } from '../../src/controllers/apiservice-registration/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { eventually } from '../support/eventually.js';
import { kubectlAvailable } from '../support/skiff-process.js';
import { widgetProvider, type WidgetProvider } from '../support/widget-provider.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('API group provider through kubectl', { skip }, () => {
  let dir: string;
  let api: ApiServer;
  let provider: WidgetProvider;
  let url: string;
  let token: string;
  let informers: InformerFactory;
  let registration: AsyncDisposable;
  const kubectl = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
  const k = async (...args: string[]): Promise<string> => {
    const r = await kubectl(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-provider-'));
    const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
    token = pki.adminToken;
    provider = widgetProvider();
    api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([[token, { name: 'widget-tester', groups: ['system:masters'] }]]) }), apiProviders: [provider] });
    const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
    await api.start();
    url = `https://127.0.0.1:${port}`;
    // The registration controller, as skiff server runs it: the provider's group-version gets a Local APIService.
    const client = new Client({ transport: new InProcessTransport({ server: api, token, userAgent: 'test' }), fieldManager: 'test' });
    informers = new InformerFactory({ client, clock: realClock, logger: silentLogger });
    registration = startApiServiceRegistrationController({ client, informers, clock: realClock, logger: silentLogger }, { localGroupVersions: api.localGroupVersions() });
    writeFileSync(join(dir, 'kubeconfig'), [
      'apiVersion: v1', 'kind: Config', 'current-context: t',
      'clusters:', '- name: t', '  cluster:', `    server: ${url}`, `    certificate-authority-data: ${Buffer.from(pki.caCertPem).toString('base64')}`,
      'users:', '- name: t', '  user:', `    token: ${token}`,
      'contexts:', '- name: t', '  context:', '    cluster: t', '    user: t', '',
    ].join('\n'));
  });
  after(async () => {
    await registration[Symbol.asyncDispose]();
    await informers[Symbol.asyncDispose]();
    await api[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  test('ApiServer rejects a provider for a group-version served from storage', () => {
    const clash = { ...widgetProvider(), group: 'apps', version: 'v1' };
    assert.throws(() => new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map() }), apiProviders: [clash] }), /Cannot register API group provider "apps\/v1": the group-version is served from storage/);
  });

  test('the provider group-version is a Local APIService with the provider priority', async () => {
    await eventually(async () => assert.match(await k('get', 'apiservice', 'v1alpha1.widgets.test.skiff.io', '--no-headers'), /^v1alpha1\.widgets\.test\.skiff\.io\s+Local\s+True\s+\d+s$/m), { timeoutMs: 10_000 });
    const spec = JSON.parse(await k('get', 'apiservice', 'v1alpha1.widgets.test.skiff.io', '-o', 'jsonpath={.spec}')) as Record<string, unknown>;
    assert.deepEqual(spec, { group: 'widgets.test.skiff.io', version: 'v1alpha1', groupPriorityMinimum: 1000, versionPriority: 15 });
  });

  test('kubectl api-resources and api-versions list the provider group', async () => {
    const ar = await k('api-resources', '--api-group', 'widgets.test.skiff.io');
    assert.match(ar, /^widgets\s+wdg\s+widgets\.test\.skiff\.io\/v1alpha1\s+true\s+Widget$/m);
    assert.match(ar, /^gadgets\s+widgets\.test\.skiff\.io\/v1alpha1\s+false\s+Gadget$/m);
    assert.match(await k('api-versions'), /^widgets\.test\.skiff\.io\/v1alpha1$/m);
  });

  test('kubectl get prints the provider table, and the default one (Name, Created At) without a printer', async () => {
    assert.equal(await k('get', 'wdg'), 'NAME       COLOR\nsprocket   red\n');
    assert.equal(await k('get', 'widgets', '-A'), 'NAMESPACE     NAME       COLOR\ndefault       sprocket   red\nkube-system   cog        blue\n');
    assert.equal(await k('get', 'gadgets'), 'NAME    CREATED AT\nlever   2024-01-01T00:00:00Z\n');
    assert.equal(await k('get', 'widget', 'sprocket', '--show-labels'), 'NAME       COLOR   LABELS\nsprocket   red     tier=a\n');
    assert.equal(provider.seenUsers.at(-1)?.name, 'widget-tester');
    assert.ok(provider.seenUsers.at(-1)?.groups.includes('system:masters'));
  });

  test('kubectl get -o json, create and the errors a provider throws', async () => {
    const obj = JSON.parse(await k('get', 'widget', 'sprocket', '-o', 'json')) as { kind: string; spec: { color: string } };
    assert.deepEqual([obj.kind, obj.spec.color], ['Widget', 'red']);
    const missing = await kubectl('get', 'widget', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): widgets\.widgets\.test\.skiff\.io "nope" not found/);
    const raw = JSON.parse(await k('get', '--raw', '/apis/widgets.test.skiff.io/v1alpha1')) as { resources: { name: string; verbs: string[] }[] };
    assert.deepEqual(raw.resources.map((r) => [r.name, r.verbs.join(',')]), [['widgets', 'get,list'], ['gadgets', 'get,list,create']]);
  });

  test('verbs a resource does not declare answer 405, watch included', async () => {
    const del = await kubectl('delete', 'widget', 'sprocket');
    assert.equal(del.code, 1);
    assert.match(del.stderr, /Error from server \(MethodNotAllowed\): delete is not supported on resources of kind "widgets\.widgets\.test\.skiff\.io"/);
    const watch = await kubectl('get', '--raw', '/apis/widgets.test.skiff.io/v1alpha1/namespaces/default/widgets?watch=true');
    assert.equal(watch.code, 1);
    assert.match(watch.stderr, /MethodNotAllowed|method not allowed/i);
  });

  test('kubectl create -f of a provider kind reaches the provider (201) and the object is listed', async () => {
    // Gadgets have no patch verb, so OpenAPI v3 has no PATCH operation for kubectl's field-validation probe: kubectl
    // falls back to the protobuf /openapi/v2, lists CRDs (the CRD provider: none) and validates client-side.
    const file = join(dir, 'gadget.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'widgets.test.skiff.io/v1alpha1', kind: 'Gadget', metadata: { name: 'pulley' } }));
    assert.equal(await k('create', '-f', file), 'gadget.widgets.test.skiff.io/pulley created\n');
    assert.match(await k('get', 'gadgets'), /^pulley\s+\d{4}-/m);
  });

  test('OpenAPI v3 lists the provider group-version with its schemas; kubectl explain reads them', async () => {
    const root = JSON.parse(await k('get', '--raw', '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
    const entry = root.paths['apis/widgets.test.skiff.io/v1alpha1'];
    assert.ok(entry, 'listed in the v3 root');
    const doc = JSON.parse(await k('get', '--raw', entry.serverRelativeURL)) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    assert.ok(doc.paths['/apis/widgets.test.skiff.io/v1alpha1/namespaces/{namespace}/widgets/{name}']);
    assert.ok(doc.components.schemas['io.skiff.test.widgets.v1alpha1.Widget']);
    assert.ok(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], 'refs to api/schema definitions resolve');
    assert.match(await k('explain', 'widgets.spec.color'), /The color of the widget\./);
  });
});
