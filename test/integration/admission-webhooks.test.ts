// Integration: admission webhooks through the full API handler. An in-process HTTPS webhook server on 127.0.0.1
// (registered by URL with its certificate as caBundle) answers per path; the tests assert what the webhooks
// received (AdmissionReview fields) and what the API server did with their answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client } from '../../src/client/index.js';
import { ApiError, lookupResource, type KubeObject } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { eventually } from '../support/eventually.js';

const cmR = lookupResource('', 'v1', 'configmaps')!;
const nsR = lookupResource('', 'v1', 'namespaces')!;
const vwcR = lookupResource('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations')!;
const mwcR = lookupResource('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations')!;

type Review = { request: Record<string, unknown> & { uid: string; object: KubeObject | null; oldObject: KubeObject | null } };
type Answer = Record<string, unknown>;
type Handler = (review: Review) => Answer;

interface WebhookServer { server: Server; port: number; ca: string; handlers: Map<string, Handler>; seen: Map<string, Review[]> }

async function startWebhookServer(): Promise<WebhookServer> {
  const { certPem, keyPem } = await selfSignedServingCertificate('127.0.0.1', { dns: ['localhost'], ips: ['127.0.0.1'] });
  const handlers = new Map<string, Handler>();
  const seen = new Map<string, Review[]>();
  const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Review;
      seen.set(path, [...(seen.get(path) ?? []), review]);
      const h = handlers.get(path);
      const response = h ? h(review) : { allowed: true };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, ...response } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, ca: Buffer.from(certPem).toString('base64'), handlers, seen };
}

const patchOf = (ops: unknown[]): Answer => ({ allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e: unknown) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

describe('admission webhooks', () => {
  let api: ApiServer;
  let c: Client;
  let t: InProcessTransport;
  let hooks: WebhookServer;

  const hook = (name: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name, clientConfig: { url: `https://127.0.0.1:${hooks.port}${path}`, caBundle: hooks.ca }, sideEffects: 'None', admissionReviewVersions: ['v1'],
    rules: [{ operations: ['CREATE', 'UPDATE', 'DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
    namespaceSelector: { matchLabels: { webhooks: 'on' } }, ...extra,
  });
  async function configure(r: typeof vwcR, name: string, webhooks: Record<string, unknown>[]): Promise<void> {
    await c.create(r, '', { metadata: { name }, webhooks });
    await eventually(async () => assert.ok((await c.list(r)).items.some((o) => (o as KubeObject).metadata?.['name'] === name)));
  }
  const cm = (name: string, labels: Record<string, string> = {}, ns = 'hooked'): Promise<KubeObject> => c.create(cmR, ns, { metadata: { name, labels }, data: { k: 'v' } });

  before(async () => {
    hooks = await startWebhookServer();
    api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([['t', { name: 'admin', groups: ['system:masters'] }]]) }) });
    await api.start();
    t = new InProcessTransport({ server: api, token: 't', userAgent: 'test' });
    c = new Client({ transport: t, fieldManager: 'test' });
    await c.create(nsR, '', { metadata: { name: 'hooked', labels: { webhooks: 'on' } } });
    await c.create(nsR, '', { metadata: { name: 'plain' } });
    await eventually(async () => assert.equal((await c.list(nsR)).items.filter((n) => ['hooked', 'plain'].includes(String((n as KubeObject).metadata?.['name']))).length, 2));
  });
  after(async () => {
    hooks.server.closeAllConnections();
    hooks.server.close();
    await api[Symbol.asyncDispose]();
  });

  test('a webhook configuration is defaulted and refused when invalid, with upstream field paths', async () => {
    await configure(vwcR, 'defaults', [hook('defaults.example.com', '/none', { rules: [{ operations: ['CREATE'], apiGroups: ['x.example.com'], apiVersions: ['v1'], resources: ['things'] }] })]);
    const got = await c.get<KubeObject>(vwcR, '', 'defaults');
    const w = (got['webhooks'] as Record<string, unknown>[])[0]!;
    assert.deepEqual({ failurePolicy: w['failurePolicy'], matchPolicy: w['matchPolicy'], timeoutSeconds: w['timeoutSeconds'], objectSelector: w['objectSelector'], scope: (w['rules'] as Record<string, unknown>[])[0]!['scope'] },
      { failurePolicy: 'Fail', matchPolicy: 'Equivalent', timeoutSeconds: 10, objectSelector: {}, scope: '*' });
    const bad = await rejection(c.create(mwcR, '', { metadata: { name: 'bad' }, webhooks: [{ name: 'short', clientConfig: { url: 'http://x/?q=1' }, admissionReviewVersions: ['v2'], timeoutSeconds: 31, matchConditions: [{ name: 'c', expression: 'authorizer.group("").check()' }] }] }));
    assert.equal(bad.code, 422);
    const fields = (bad.details?.causes ?? []).map((x) => x.field);
    for (const f of ['webhooks[0].name', 'webhooks[0].sideEffects', 'webhooks[0].timeoutSeconds', 'webhooks[0].clientConfig.url', 'webhooks[0].admissionReviewVersions', 'webhooks[0].matchConditions[0].expression']) assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
    assert.match(bad.message, /should be a domain with at least three segments separated by dots/);
    assert.match(bad.message, /'https' is the only allowed URL scheme/);
    assert.match(bad.message, /query parameters are not permitted in the URL/);
    assert.match(bad.message, /must include at least one of v1, v1beta1/);
    assert.match(bad.message, /authorizer variable is not supported/);
  });

  test('a validating webhook denies with its message and code; namespaceSelector and objectSelector pick the requests', async () => {
    hooks.handlers.set('/deny', (r) => (r.request.object?.metadata?.['labels'] as Record<string, string> | undefined)?.['deny'] === 'yes'
      ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'labels say no' } } : { allowed: true });
    await configure(vwcR, 'deny', [hook('deny.example.com', '/deny', { objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] } })]);
    const e = await rejection(cm('refused', { deny: 'yes' }));
    assert.equal(e.code, 403);
    assert.equal(e.message, 'admission webhook "deny.example.com" denied the request: labels say no');
    await cm('allowed');
    // Outside the selected namespace, or with the excluding label, the webhook is not asked.
    const before = hooks.seen.get('/deny')?.length ?? 0;
    await cm('other-namespace', { deny: 'yes' }, 'plain');
    await cm('skipped', { deny: 'yes', skip: 'x' });
    assert.equal(hooks.seen.get('/deny')?.length ?? 0, before);
    const review = hooks.seen.get('/deny')!.at(-1)!.request;
    assert.deepEqual({ kind: review['kind'], resource: review['resource'], operation: review['operation'], namespace: review['namespace'], name: review['name'], dryRun: review['dryRun'], user: (review['userInfo'] as { username: string }).username, options: (review['options'] as { kind: string }).kind, oldObject: review.oldObject },
      { kind: { group: '', version: 'v1', kind: 'ConfigMap' }, resource: { group: '', version: 'v1', resource: 'configmaps' }, operation: 'CREATE', namespace: 'hooked', name: 'allowed', dryRun: false, user: 'admin', options: 'CreateOptions', oldObject: null });
    // UPDATE carries the old object; DELETE the old object and no object.
    const allowed = await c.get<KubeObject>(cmR, 'hooked', 'allowed');
    await c.update(cmR, { ...allowed, data: { k: 'changed' } });
    const upd = hooks.seen.get('/deny')!.at(-1)!.request;
    assert.equal(upd['operation'], 'UPDATE');
    assert.deepEqual([(upd.object as { data: unknown }).data, (upd.oldObject as { data: unknown }).data], [{ k: 'changed' }, { k: 'v' }]);
    await c.delete(cmR, 'hooked', 'allowed');
    const del = hooks.seen.get('/deny')!.at(-1)!.request;
    assert.deepEqual([del['operation'], del.object, (del.oldObject as KubeObject).metadata?.['name'], (del['options'] as { kind: string }).kind], ['DELETE', null, 'allowed', 'DeleteOptions']);
    await c.delete(vwcR, '', 'deny');
  });

  test('a mutating webhook patches the object before validation; the result is stored', async () => {
    hooks.handlers.set('/label', () => patchOf([{ op: 'add', path: '/metadata/labels/mutated', value: 'yes' }]));
    await configure(mwcR, 'label', [hook('label.example.com', '/label')]);
    const created = await cm('patched');
    assert.equal((created.metadata?.['labels'] as Record<string, string>)['mutated'], 'yes');
    assert.equal(((await c.get<KubeObject>(cmR, 'hooked', 'patched')).metadata?.['labels'] as Record<string, string>)['mutated'], 'yes');
    // A patch that makes the object invalid is caught by validation, which runs after mutating admission.
    hooks.handlers.set('/label', () => patchOf([{ op: 'add', path: '/metadata/labels/bad label', value: 'x' }]));
    const e = await rejection(cm('invalid-after-patch'));
    assert.equal(e.code, 422);
    assert.match(e.message, /metadata\.labels/);
    await c.delete(mwcR, '', 'label');
  });

  test('reinvocationPolicy IfNeeded calls a webhook again when a later one changed the object', async () => {
    hooks.handlers.set('/first', () => ({ allowed: true }));
    hooks.handlers.set('/second', (r) => (r.request.object?.metadata?.['labels'] as Record<string, string> | undefined)?.['second'] ? { allowed: true } : patchOf([{ op: 'add', path: '/metadata/labels/second', value: 'done' }]));
    await configure(mwcR, 'reinvoke', [hook('first.example.com', '/first', { reinvocationPolicy: 'IfNeeded' }), hook('second.example.com', '/second')]);
    const before = { first: hooks.seen.get('/first')?.length ?? 0, second: hooks.seen.get('/second')?.length ?? 0 };
    await cm('reinvoked');
    const calls = hooks.seen.get('/first')!.slice(before.first);
    assert.equal(calls.length, 2, 'the first webhook ran again');
    assert.equal((calls[1]!.request.object?.metadata?.['labels'] as Record<string, string>)['second'], 'done', 'and saw the second one\'s change');
    assert.equal((hooks.seen.get('/second')?.length ?? 0) - before.second, 1, 'the second (Never) ran once');
    await c.delete(mwcR, '', 'reinvoke');
  });

  test('failurePolicy: Ignore lets the request through an unreachable webhook, Fail refuses it with 500', async () => {
    const down = (name: string, policy: string): Record<string, unknown> => ({ ...hook(name, '/'), failurePolicy: policy, timeoutSeconds: 2, clientConfig: { url: 'https://127.0.0.1:1/down', caBundle: hooks.ca } });
    await configure(vwcR, 'down-ignore', [down('ignore.example.com', 'Ignore')]);
    await cm('through-ignore');
    await configure(vwcR, 'down-fail', [down('fail.example.com', 'Fail')]);
    const e = await rejection(cm('refused-fail'));
    assert.equal(e.code, 500);
    assert.match(e.message, /^Internal error occurred: failed calling webhook "fail\.example\.com": failed to call webhook: Post "https:\/\/127\.0\.0\.1:1\/down\?timeout=2s": dial tcp 127\.0\.0\.1:1: connect: connection refused$/);
    // Admission configuration is never sent to webhooks: the failing configuration can still be removed.
    await c.delete(vwcR, '', 'down-fail');
    await c.delete(vwcR, '', 'down-ignore');
  });

  test('a dry run reaches only webhooks without side effects, with dryRun true', async () => {
    await configure(vwcR, 'side-effects', [hook('some.example.com', '/some', { sideEffects: 'None' })]);
    await eventually(async () => assert.ok((await c.list(vwcR)).items.length > 0));
    await t.request({ method: 'POST', path: '/api/v1/namespaces/hooked/configmaps', query: { dryRun: 'All' }, body: { metadata: { name: 'dry' } } });
    assert.equal(hooks.seen.get('/some')!.at(-1)!.request['dryRun'], true);
    await c.delete(vwcR, '', 'side-effects');
    // v1 refuses sideEffects Some and Unknown on create (the dispatcher's dry-run refusal is in dispatch.test.ts).
    const e = await rejection(c.create(vwcR, '', { metadata: { name: 'some' }, webhooks: [hook('some.example.com', '/some', { sideEffects: 'Some' })] }));
    assert.match(e.message, /webhooks\[0\]\.sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"/);
  });

  test('matchConditions in CEL choose the requests; an evaluation error follows failurePolicy', async () => {
    hooks.handlers.set('/cel', () => ({ allowed: false, status: { message: 'cel matched' } }));
    await configure(vwcR, 'cel', [hook('cel.example.com', '/cel', { matchConditions: [
      { name: 'not-skipped', expression: 'object.metadata.name != "cel-skip"' },
      { name: 'is-admin', expression: 'request.userInfo.username == "admin"' },
    ] })]);
    const e = await rejection(cm('cel-hit'));
    assert.equal(e.code, 400, 'a denial without a code is a 400');
    assert.equal(e.message, 'admission webhook "cel.example.com" denied the request: cel matched');
    await cm('cel-skip');
    await c.delete(vwcR, '', 'cel');
    await configure(vwcR, 'cel-error', [hook('celerr.example.com', '/cel', { matchConditions: [{ name: 'missing', expression: 'object.data.nope == "x"' }] })]);
    const err = await rejection(cm('cel-error'));
    assert.equal(err.code, 403);
    assert.match(err.message, /^configmaps "cel-error" is forbidden: expression 'object\.data\.nope == "x"' resulted in error: /);
    await c.delete(vwcR, '', 'cel-error');
  });
});
