// The KeyValueStore admission webhook (test/fixtures/operator/webhook.js) as its pod runs it, without a cluster:
// `node webhook.js` with a certificate for its Service name in TLS_DIR, AdmissionReview v1 POSTed over verified
// HTTPS to /validate and /mutate, and what it answers to requests that are not reviews.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { admissionReview, decodedPatch, postReview, type ReviewAnswer } from '../support/admission-review.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'operator');
const webhookJs = join(fixtures, 'webhook.js');
const serviceName = 'kvs-webhook.kvs-system.svc';
const stores = { group: 'stores.skiff.example', version: 'v1', resource: 'keyvaluestores' };
const storeKind = { group: 'stores.skiff.example', version: 'v1', kind: 'KeyValueStore' };
const store = (spec: Record<string, unknown>, labels?: Record<string, string>): Record<string, unknown> => ({
  apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', metadata: { name: 'cache', namespace: 'default', ...(labels ? { labels } : {}) }, spec,
});

describe('the KeyValueStore admission webhook over HTTPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvs-webhook-'));
  let child: ChildProcess;
  let ca = '';
  let base = '';
  before(async () => {
    const { certPem, keyPem } = await selfSignedServingCertificate(serviceName, { dns: ['kvs-webhook', 'kvs-webhook.kvs-system', serviceName], ips: [] });
    ca = certPem;
    writeFileSync(join(dir, 'tls.crt'), certPem);
    writeFileSync(join(dir, 'tls.key'), keyPem);
    child = spawn(process.execPath, [webhookJs], { env: { ...process.env, TLS_DIR: dir, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /webhook listening on port (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
      child.once('exit', (code) => reject(new Error(`webhook.js exited with ${code}: ${out}`)));
    });
    base = `https://127.0.0.1:${port}`;
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, 'webhook.js exits 0 on SIGTERM');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, review: object): Promise<ReviewAnswer> => postReview(`${base}${path}`, review, { ca, servername: serviceName });
  const response = async (path: string, review: object): Promise<NonNullable<ReviewAnswer['review']>['response']> => {
    const answer = await post(path, review);
    assert.equal(answer.code, 200, answer.body);
    assert.equal(answer.review?.apiVersion, 'admission.k8s.io/v1');
    assert.equal(answer.review?.kind, 'AdmissionReview');
    assert.equal(answer.review?.response.uid, (review as { request: { uid: string } }).request.uid, 'the response echoes the request uid');
    return answer.review.response;
  };

  test('/validate allows up to 4 replicas without warnings, warns at 5 and denies 6 with the reason', async () => {
    const validate = (replicas: number) => response('/validate', admissionReview(store({ replicas, image: 'kv:1' }), { resource: stores, kind: storeKind }));
    const { uid: _a, ...four } = await validate(4);
    assert.deepEqual(four, { allowed: true });
    const { uid: _b, ...five } = await validate(5);
    assert.deepEqual(five, { allowed: true, warnings: ['KeyValueStore "cache": spec.replicas 5 is the maximum this operator supports'] });
    const { uid: _c, ...six } = await validate(6);
    assert.deepEqual(six, { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'KeyValueStore "cache": spec.replicas 6 exceeds the maximum of 5' } });
  });

  test('/validate denies a Scale of the keyvaluestores/scale subresource above 5 replicas', async () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'cache', namespace: 'default' }, spec: { replicas: 9 } };
    const denied = await response('/validate', admissionReview(scale, { operation: 'UPDATE', resource: stores, subResource: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } }));
    assert.equal(denied.allowed, false);
    assert.equal(denied.status?.message, 'KeyValueStore "cache": spec.replicas 9 exceeds the maximum of 5');
  });

  test('/mutate defaults spec.storage to 1Gi and adds the managed-by label with JSONPatch', async () => {
    const bare = await response('/mutate', admissionReview(store({ image: 'kv:1' }), { resource: stores, kind: storeKind }));
    assert.deepEqual([bare.allowed, bare.patchType, decodedPatch(bare)], [true, 'JSONPatch', [
      { op: 'add', path: '/spec/storage', value: '1Gi' },
      { op: 'add', path: '/metadata/labels', value: { 'stores.skiff.example/managed-by': 'webhook' } },
    ]]);
    // A label map exists: the key is added with "/" escaped as "~1"; a given storage is kept.
    const labelled = await response('/mutate', admissionReview(store({ image: 'kv:1', storage: '5Gi' }, { team: 'a' }), { resource: stores, kind: storeKind }));
    assert.deepEqual(decodedPatch(labelled), [{ op: 'add', path: '/metadata/labels/stores.skiff.example~1managed-by', value: 'webhook' }]);
    // Nothing to change: allowed without a patch.
    const done = await response('/mutate', admissionReview(store({ image: 'kv:1', storage: '5Gi' }, { 'stores.skiff.example/managed-by': 'webhook' }), { resource: stores, kind: storeKind }));
    assert.deepEqual([done.allowed, done.patchType, done.patch], [true, undefined, undefined]);
    const noSpec = await response('/mutate', admissionReview({ apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', metadata: { name: 'x', labels: {} } }, { resource: stores, kind: storeKind }));
    assert.deepEqual(decodedPatch(noSpec), [
      { op: 'add', path: '/spec', value: { storage: '1Gi' } },
      { op: 'add', path: '/metadata/labels/stores.skiff.example~1managed-by', value: 'webhook' },
    ]);
  });

  test('requests that are not AdmissionReviews get 4xx answers; /healthz answers 200', async () => {
    const review = admissionReview(store({ image: 'kv:1' }), { resource: stores, kind: storeKind });
    const codes = await Promise.all([
      postReview(`${base}/nowhere`, review, { ca, servername: serviceName }),
      postReview(`${base}/validate`, review, { ca, servername: serviceName, method: 'GET' }),
      postReview(`${base}/validate`, review, { ca, servername: serviceName, contentType: 'text/plain' }),
      postReview(`${base}/validate`, '{not json', { ca, servername: serviceName }),
      postReview(`${base}/validate`, { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'u' } }, { ca, servername: serviceName }),
      postReview(`${base}/healthz`, '', { ca, servername: serviceName, method: 'GET' }),
    ].map(async (p) => (await p).code));
    assert.deepEqual(codes, [404, 405, 415, 400, 400, 200]);
  });

  test('the serving certificate verifies for the Service name only', async () => {
    await assert.rejects(postReview(`${base}/healthz`, '', { ca, servername: 'other.kvs-system.svc', method: 'GET' }), /Hostname\/IP does not match certificate's altnames/);
  });
});

interface Doc { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; webhooks?: { name: string; clientConfig: { caBundle: string; service: { name: string; namespace: string; path: string; port: number } } }[] }
const docs = (file: string): Doc[] => parseAllDocuments(readFileSync(join(fixtures, file), 'utf8')).map((d) => d.toJS() as Doc);

test('the webhook registrations name the Service of webhook.yaml, its port and the paths webhook.js serves', () => {
  const [deployment, service] = docs('webhook.yaml') as [Doc & { spec: { template: { spec: { containers: { ports: { name: string; containerPort: number }[] }[] } } } }, Doc & { spec: { ports: { port: number; targetPort: string }[] } }];
  const container = deployment.spec.template.spec.containers[0]!;
  const servicePort = service.spec.ports[0]!;
  assert.equal(container.ports.find((p) => p.name === servicePort.targetPort)?.containerPort, 8443);
  const registrations = docs('webhook-configurations.yaml');
  assert.deepEqual(registrations.map((r) => [r.kind, r.webhooks?.map((w) => [w.clientConfig.caBundle, w.clientConfig.service])]), [
    ['MutatingWebhookConfiguration', [['__CA_BUNDLE__', { name: service.metadata.name, namespace: service.metadata.namespace, path: '/mutate', port: servicePort.port }]]],
    ['ValidatingWebhookConfiguration', [['__CA_BUNDLE__', { name: service.metadata.name, namespace: service.metadata.namespace, path: '/validate', port: servicePort.port }]]],
  ]);
  assert.equal(`${service.metadata.name}.${service.metadata.namespace}.svc`, serviceName, 'the certificate name the tests use');
});
