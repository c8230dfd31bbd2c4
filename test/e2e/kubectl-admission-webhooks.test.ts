// e2e: admission webhooks through the real kubectl. An HTTPS webhook server in this process answers
// AdmissionReviews; a Service with an EndpointSlice points at it for the service-referenced webhooks (verified as
// hooks.webhooks.svc against its caBundle), others name it by URL. Denials, JSONPatch mutations, warnings,
// failurePolicy with the server down, dry runs, custom resources and namespace/object selectors are asserted on
// what kubectl prints and what the server stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface Request { uid: string; name?: string; namespace?: string; operation: string; dryRun: boolean; object: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> } | null }
type Answer = Record<string, unknown>;

const labelsOf = (r: Request): Record<string, string> => r.object?.metadata?.labels ?? {};
const jsonPatch = (ops: unknown[]): Answer => ({ patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });

/** The webhook answers, by path. */
const answers: Record<string, (r: Request) => Answer> = {
  '/validate': (r) => labelsOf(r)['deny'] === 'true'
    ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'ConfigMaps labelled deny=true are refused' } }
    : { allowed: true, warnings: [`configmap ${r.name ?? ''} was checked by the webhook`] },
  '/mutate': (r) => ({ allowed: true, ...jsonPatch(r.object?.metadata?.labels ? [{ op: 'add', path: '/metadata/labels/mutated-by', value: 'webhook' }] : [{ op: 'add', path: '/metadata/labels', value: { 'mutated-by': 'webhook' } }]) }),
  '/databases': (r) => r.object?.spec?.['engine'] === 'mysql' ? { allowed: false, status: { message: 'only postgres databases here' } } : { allowed: true },
  '/dry': () => ({ allowed: true }),
};

async function startWebhooks(): Promise<{ server: Server; port: number; caBundle: string; seen: Map<string, Request[]> }> {
  const { certPem, keyPem } = await selfSignedServingCertificate('hooks.webhooks.svc', { dns: ['hooks.webhooks.svc'], ips: ['127.0.0.1'] });
  const seen = new Map<string, Request[]>();
  const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: Request };
      seen.set(path, [...(seen.get(path) ?? []), review.request]);
      const answer = answers[path]?.(review.request) ?? { allowed: true };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, ...answer } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, caBundle: Buffer.from(certPem).toString('base64'), seen };
}

/** A port nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const { createServer: tcp } = await import('node:net');
  const srv = tcp();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const configMap = (name: string, namespace: string, labels: Record<string, string> = {}): object => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { k: 'v' } });

describe('kubectl and admission webhooks', { skip }, () => {
  let s: SkiffProcess;
  let hooks: Awaited<ReturnType<typeof startWebhooks>>;
  let down: number;

  const webhook = (name: string, o: { path?: string; url?: string; namespace: string; failurePolicy?: string; sideEffects?: string; resources?: string[]; group?: string; version?: string; objectSelector?: object }): object => ({
    name,
    clientConfig: o.url !== undefined ? { url: o.url, caBundle: hooks.caBundle } : { service: { namespace: 'webhooks', name: 'hooks', path: o.path ?? '/' }, caBundle: hooks.caBundle },
    rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [o.group ?? ''], apiVersions: [o.version ?? 'v1'], resources: o.resources ?? ['configmaps'] }],
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': o.namespace } },
    ...(o.objectSelector ? { objectSelector: o.objectSelector } : {}),
    failurePolicy: o.failurePolicy ?? 'Fail', sideEffects: o.sideEffects ?? 'None', admissionReviewVersions: ['v1'], timeoutSeconds: 5,
  });

  before(async () => {
    hooks = await startWebhooks();
    down = await closedPort();
    s = await startSkiff({ args: ['--disable-agent'] });
    await s.create(yamlStream([
      ...['webhooks', 'checked', 'fail-open', 'fail-closed', 'dry', 'dbs', 'unwatched'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hooks', namespace: 'webhooks' }, spec: { ports: [{ port: 443, targetPort: hooks.port }] } },
      {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'hooks-1', namespace: 'webhooks', labels: { 'kubernetes.io/service-name': 'hooks' } },
        addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports: [{ port: hooks.port, protocol: 'TCP' }],
      },
    ]));
    await s.create(yamlStream([
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'label-configmaps' }, webhooks: [webhook('label.webhooks.example.com', { path: '/mutate', namespace: 'checked' })] },
      {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'check-configmaps' },
        webhooks: [webhook('deny.webhooks.example.com', { path: '/validate', namespace: 'checked', objectSelector: { matchExpressions: [{ key: 'exempt', operator: 'DoesNotExist' }] } })],
      },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'down-ignore' }, webhooks: [webhook('ignore.webhooks.example.com', { url: `https://127.0.0.1:${down}/down`, namespace: 'fail-open', failurePolicy: 'Ignore' })] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'down-fail' }, webhooks: [webhook('fail.webhooks.example.com', { url: `https://127.0.0.1:${down}/down`, namespace: 'fail-closed' })] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'dry-run' }, webhooks: [webhook('dry.webhooks.example.com', { url: `https://127.0.0.1:${hooks.port}/dry`, namespace: 'dry', sideEffects: 'NoneOnDryRun' })] },
    ]));
  });
  after(async () => {
    hooks?.server.closeAllConnections();
    hooks?.server.close();
    await s?.stop();
  });

  test('kubectl get lists the webhook configurations with NAME WEBHOOKS AGE', async () => {
    const out = await s.k('get', 'validatingwebhookconfigurations');
    assert.match(out.split('\n')[0]!, /^NAME\s+WEBHOOKS\s+AGE$/);
    assert.match(out, /^check-configmaps\s+1\s+\d+s$/m);
    assert.match((await s.k('get', 'mutatingwebhookconfigurations', 'label-configmaps', '--no-headers')).trim(), /^label-configmaps\s+1\s+\d+s$/);
    const got = JSON.parse(await s.k('get', 'validatingwebhookconfiguration', 'check-configmaps', '-o', 'json')) as { webhooks: { matchPolicy: string; timeoutSeconds: number; clientConfig: { service: { port: number } } }[] };
    assert.deepEqual([got.webhooks[0]!.matchPolicy, got.webhooks[0]!.clientConfig.service.port], ['Equivalent', 443], 'defaulted');
    assert.match(await s.k('describe', 'validatingwebhookconfiguration', 'check-configmaps'), /deny\.webhooks\.example\.com/);
  });

  test('a validating webhook denies a ConfigMap: kubectl exits 1 and prints the webhook\'s message', async () => {
    const r = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(configMap('refused', 'checked', { deny: 'true' })) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /admission webhook "deny\.webhooks\.example\.com" denied the request: ConfigMaps labelled deny=true are refused/);
    assert.equal((await s.kubectl(['get', 'configmap', 'refused', '-n', 'checked'])).code, 1, 'nothing was stored');
    // objectSelector: the exempt label keeps the webhook out; namespaceSelector: other namespaces are not checked.
    await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(configMap('exempted', 'checked', { deny: 'true', exempt: 'yes' })) }).then((x) => assert.equal(x.code, 0, x.stderr));
    await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(configMap('elsewhere', 'unwatched', { deny: 'true' })) }).then((x) => assert.equal(x.code, 0, x.stderr));
  });

  test('a mutating webhook behind a Service adds a label by JSONPatch; kubectl shows it and prints the validating webhook\'s warning', async () => {
    const r = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(configMap('patched', 'checked', { app: 'demo' })) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Warning: configmap patched was checked by the webhook/);
    const yaml = await s.k('get', 'configmap', 'patched', '-n', 'checked', '-o', 'yaml');
    assert.match(yaml, /^\s+mutated-by: webhook$/m);
    assert.match(yaml, /^\s+app: demo$/m);
    // The validating webhook saw the mutated object.
    const seen = hooks.seen.get('/validate')!.filter((x) => x.name === 'patched');
    assert.equal(labelsOf(seen.at(-1)!)['mutated-by'], 'webhook');
  });

  test('failurePolicy with the webhook server down: Ignore lets the request through, Fail refuses it', async () => {
    const open = await s.kubectl(['create', 'configmap', 'through', '-n', 'fail-open', '--from-literal=a=b']);
    assert.equal(open.code, 0, open.stderr);
    const closed = await s.kubectl(['create', 'configmap', 'blocked', '-n', 'fail-closed', '--from-literal=a=b']);
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, new RegExp(`Internal error occurred: failed calling webhook "fail\\.webhooks\\.example\\.com": failed to call webhook: Post "https://127\\.0\\.0\\.1:${down}/down\\?timeout=5s": dial tcp 127\\.0\\.0\\.1:${down}: connect: connection refused`));
  });

  test('server-side dry runs: a webhook without side effects is called with dryRun; sideEffects Some is refused by v1', async () => {
    const r = await s.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(configMap('dry-one', 'dry')) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap\/dry-one created \(server dry run\)/);
    const call = hooks.seen.get('/dry')!.find((x) => x.name === 'dry-one');
    assert.ok(call, 'the webhook was called');
    assert.equal(call.dryRun, true);
    assert.equal((await s.kubectl(['get', 'configmap', 'dry-one', '-n', 'dry'])).code, 1, 'nothing was stored');
    const some = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'side-effects' }, webhooks: [webhook('some.webhooks.example.com', { path: '/dry', namespace: 'dry', sideEffects: 'Some' })] };
    const refused = await s.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(some) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /webhooks\[0\]\.sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"/);
  });

  test('a validating webhook on a custom resource', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'databases.db.example.com' },
      spec: {
        group: 'db.example.com', scope: 'Namespaced', names: { plural: 'databases', singular: 'database', kind: 'Database' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { engine: { type: 'string' } } } } } } }],
      },
    }));
    await s.k('wait', '--for=condition=Established', 'crd/databases.db.example.com', '--timeout=20s');
    await s.create(JSON.stringify({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'databases' },
      webhooks: [webhook('databases.webhooks.example.com', { path: '/databases', namespace: 'dbs', group: 'db.example.com', resources: ['databases'] })],
    }));
    const db = (name: string, engine: string): string => JSON.stringify({ apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name, namespace: 'dbs' }, spec: { engine } });
    await eventually(async () => {
      const r = await s.kubectl(['apply', '-f', '-'], { input: db('mysql-one', 'mysql') });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /admission webhook "databases\.webhooks\.example\.com" denied the request: only postgres databases here/);
    }, { timeoutMs: 10_000 });
    const ok = await s.kubectl(['apply', '-f', '-'], { input: db('pg-one', 'postgres') });
    assert.equal(ok.code, 0, ok.stderr);
    const call = hooks.seen.get('/databases')!.find((x) => x.name === 'pg-one');
    assert.equal(call?.operation, 'CREATE');
  });
});
