// e2e with the real node agent (runc, as root): an operator written with @kubernetes/client-node runs as a pod from
// an image the test builds (test/support/node-image.ts: the host's node, the fixture scripts and client-node's
// dependency closure) and reconciles KeyValueStores (test/fixtures/operator) into StatefulSets with claims, through
// the pod's in-cluster config. Everything is applied with kubectl; the admission webhook's pod is checked behind its
// Service, and its registration runs once the server serves admissionregistration.k8s.io/v1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { admissionReview, postReview } from '../support/admission-review.js';
import { eventually } from '../support/eventually.js';
import { nodeImage, type NodeImage } from '../support/node-image.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';
import type { SkiffProcess } from '../support/skiff-process.js';
import type { TestImages } from '../support/test-images.js';

const skip = registryNodeSkip('operator e2e on the runc node');
const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'operator');
const webhookHost = 'kvs-webhook.kvs-system.svc';
const ops = 'kvs-system';

interface Store { metadata: { uid: string; generation: number; labels?: Record<string, string> }; spec: { replicas: number; storage?: string }; status?: { observedGeneration?: number; replicas?: number; readyReplicas?: number; selector?: string; conditions?: { type: string; status: string; reason: string; observedGeneration?: number }[] } }
interface OwnerReference { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }

describe('a @kubernetes/client-node operator as a pod on the runc node', { skip }, () => {
  let cluster: RegistryNode | undefined;
  let s: SkiffProcess;
  let images: TestImages;
  let image = '';
  let built: NodeImage;
  let webhookCa = '';
  const started = Date.now();

  /** A fixture manifest with the node image (and CA bundle) filled in. */
  const manifest = (file: string): string => readFileSync(join(fixtures, file), 'utf8')
    .replaceAll('__IMAGE__', image).replaceAll('__CA_BUNDLE__', Buffer.from(webhookCa).toString('base64'));
  const apply = (file: string): Promise<string> => s.kubectl(['apply', '-f', '-'], { input: manifest(file) }).then((r) => {
    if (r.code !== 0) throw new Error(`kubectl apply of ${file} failed: ${r.stderr}`);
    return r.stdout;
  });
  const store = async (name: string): Promise<Store> => JSON.parse(await s.k('get', 'keyvaluestore', name, '-o', 'json')) as Store;
  const kvsTable = (): Promise<string> => s.k('get', 'keyvaluestores');
  const createStore = (name: string, spec: Record<string, unknown>, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> =>
    s.kubectl(['create', '-f', '-', ...extra], { input: JSON.stringify({ apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', metadata: { name }, spec: { image: images.nginx, ...spec } }) });
  const operatorLogs = (): Promise<string> => s.k('logs', '-n', ops, 'deploy/keyvaluestore-operator');

  before(async () => {
    built = await nodeImage({ appDir: fixtures, packages: ['@kubernetes/client-node'] });
    process.stdout.write(`# node image ${built.hash.slice(0, 12)}: ${built.cached ? 'from the cache' : 'built'} in ${built.ms} ms, ${(built.compressedBytes / 2 ** 20).toFixed(1)} MiB compressed, ${(built.uncompressedBytes / 2 ** 20).toFixed(1)} MiB unpacked\n`);
    cluster = await startRegistryNode('operator-node');
    ({ s, images } = cluster);
    const t0 = Date.now();
    await cluster.registry.push('test/kvs-operator', built.hash.slice(0, 12), { config: built.config, layers: built.layers });
    image = `${cluster.registry.host}/test/kvs-operator:${built.hash.slice(0, 12)}`;
    process.stdout.write(`# pushed ${image} in ${Date.now() - t0} ms\n`);
    await apply('crd.yaml');
    await s.k('wait', '--for=condition=Established', 'crd/keyvaluestores.stores.skiff.example', '--timeout=20s');
    await apply('rbac.yaml');
    const applied = Date.now();
    await apply('operator.yaml');
    const ready = await s.kubectl(['rollout', 'status', '-n', ops, 'deploy/keyvaluestore-operator', '--timeout=90s'], { timeoutMs: 100_000 });
    assert.equal(ready.code, 0, `${ready.stderr} ${await s.k('describe', 'pods', '-n', ops)}`);
    process.stdout.write(`# server up in ${s.startupMs} ms; operator Deployment available ${Date.now() - applied} ms after kubectl apply (pull, unpack, start), ${Date.now() - started} ms into the test\n`);
  });
  after(async () => {
    await cluster?.stop();
    process.stdout.write(`# agent-operator e2e took ${Date.now() - started} ms\n`);
  });

  test('the operator runs as its ServiceAccount and reconciles a KeyValueStore into a StatefulSet with claims, a headless Service and status', async () => {
    await eventually(async () => assert.match(await operatorLogs(), /keyvaluestore-operator watching keyvaluestores\.stores\.skiff\.example/), { timeoutMs: 30_000 });
    const created = await createStore('orders', { replicas: 2, storage: '2Gi' });
    assert.deepEqual([created.code, created.stdout], [0, 'keyvaluestore.stores.skiff.example/orders created\n'], created.stderr);
    const uid = (await store('orders')).metadata.uid;
    const owner: OwnerReference = { apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', name: 'orders', uid, controller: true, blockOwnerDeletion: true };
    // The printer columns show the status the operator wrote through /status once both replicas are ready.
    await eventually(async () => assert.match(await kvsTable(), /^NAME\s+REPLICAS\s+READY\s+STORAGE\s+STATUS\s+AGE\norders\s+2\s+2\s+2Gi\s+AllReplicasReady\s+\d+s\n$/),
      { timeoutMs: 90_000, intervalMs: 500, message: 'orders ready' });
    const set = JSON.parse(await s.k('get', 'statefulset', 'orders', '-o', 'json')) as { metadata: { ownerReferences: OwnerReference[] }; spec: { serviceName: string; replicas: number; volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] }; status: { readyReplicas: number } };
    assert.deepEqual(set.metadata.ownerReferences, [owner]);
    assert.deepEqual([set.spec.serviceName, set.spec.replicas, set.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage, set.status.readyReplicas], ['orders', 2, '2Gi', 2]);
    assert.equal(await s.k('get', 'service', 'orders', '-o', 'jsonpath={.spec.clusterIP} {.metadata.ownerReferences[0].uid}'), `None ${uid}`);
    assert.match(await s.k('get', 'pods', '-l', 'app.kubernetes.io/instance=orders', '--no-headers'), /^orders-0\s+1\/1\s+Running\s+0\s+\S+\norders-1\s+1\/1\s+Running\s+0\s+\S+\n$/);
    // Claims from the template, bound by the default StorageClass's local-path provisioner.
    assert.match(await s.k('get', 'pvc', '--no-headers'), /^data-orders-0\s+Bound\s+pvc-\S+\s+2Gi\s+RWO\s+local-path\s+\S+\s+\S+\ndata-orders-1\s+Bound\s+pvc-\S+\s+2Gi\s+RWO\s+local-path\s+\S+\s+\S+\n$/);
    const { metadata, status } = await store('orders');
    assert.deepEqual([status?.observedGeneration, status?.replicas, status?.readyReplicas, status?.selector], [metadata.generation, 2, 2, 'app.kubernetes.io/name=keyvaluestore,app.kubernetes.io/instance=orders']);
    assert.deepEqual(status?.conditions?.map((c) => [c.type, c.status, c.reason, c.observedGeneration]), [['Ready', 'True', 'AllReplicasReady', metadata.generation]]);
    // The operator really is a pod on the node, talking to the API as its ServiceAccount.
    const operatorPod = await s.k('get', 'pods', '-n', ops, '-l', 'app=keyvaluestore-operator', '-o', 'jsonpath={.items[0].spec.serviceAccountName} {.items[0].spec.nodeName} {.items[0].status.phase}');
    assert.equal(operatorPod, 'keyvaluestore-operator operator-node Running');
    assert.match(await operatorLogs(), /default\/orders: created StatefulSet with 2 replicas of 2Gi\n[\s\S]*default\/orders: status 2\/2 ready, Ready=True\n/);
  });

  test('scaling: kubectl scale through the CRD\'s /scale subresource and a spec.replicas patch rescale the StatefulSet', async () => {
    assert.equal(await s.k('scale', 'keyvaluestore', 'orders', '--replicas=3'), 'keyvaluestore.stores.skiff.example/orders scaled\n');
    await eventually(async () => assert.match(await kvsTable(), /\norders\s+3\s+3\s+2Gi\s+AllReplicasReady\s/), { timeoutMs: 60_000, intervalMs: 500 });
    assert.equal(await s.k('get', 'statefulset', 'orders', '-o', 'jsonpath={.spec.replicas} {.status.readyReplicas}'), '3 3');
    assert.equal(await s.k('get', 'keyvaluestore', 'orders', '--subresource=scale', '-o', 'jsonpath={.spec.replicas} {.status.replicas} {.status.selector}'), '3 3 app.kubernetes.io/name=keyvaluestore,app.kubernetes.io/instance=orders');
    assert.equal(await s.k('get', 'pvc', 'data-orders-2', '-o', 'jsonpath={.status.phase} {.spec.resources.requests.storage}'), 'Bound 2Gi');
    await s.k('patch', 'keyvaluestore', 'orders', '--type=merge', '-p', '{"spec":{"replicas":1}}');
    await eventually(async () => {
      assert.match(await kvsTable(), /\norders\s+1\s+1\s+2Gi\s+AllReplicasReady\s/);
      assert.equal(await s.k('get', 'pods', '-l', 'app.kubernetes.io/instance=orders', '-o', 'name'), 'pod/orders-0\n');
    }, { timeoutMs: 60_000, intervalMs: 500 });
    const { metadata, status } = await store('orders');
    assert.deepEqual([metadata.generation, status?.observedGeneration], [3, 3], 'two spec changes, both observed');
    // whenScaled: Retain keeps the claims of the removed replicas.
    assert.equal(await s.k('get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}'), 'data-orders-0 data-orders-1 data-orders-2');
  });

  test('deleting the KeyValueStore garbage-collects its StatefulSet, Service and pods, and the claims go with the set', async () => {
    assert.equal(await s.k('delete', 'keyvaluestore', 'orders'), 'keyvaluestore.stores.skiff.example "orders" deleted\n');
    await eventually(async () => {
      assert.match((await s.kubectl(['get', 'statefulset', 'orders'])).stderr, /NotFound/);
      assert.match((await s.kubectl(['get', 'service', 'orders'])).stderr, /NotFound/);
    }, { timeoutMs: 30_000, intervalMs: 500 });
    await eventually(async () => {
      assert.equal(await s.k('get', 'pods', '-l', 'app.kubernetes.io/instance=orders', '-o', 'name'), '');
      assert.equal(await s.k('get', 'pvc', '-o', 'name'), '');
    }, { timeoutMs: 60_000, intervalMs: 500 });
    assert.equal(await s.k('get', 'keyvaluestores', '-A', '-o', 'name'), '');
  });

  test('the webhook pod serves AdmissionReviews over HTTPS behind its Service with the certificate of its Secret', async () => {
    const dnsNames = ['kvs-webhook', `kvs-webhook.${ops}`, webhookHost, `${webhookHost}.cluster.local`];
    const { certPem, keyPem } = await selfSignedServingCertificate(webhookHost, { dns: dnsNames, ips: [] });
    webhookCa = certPem;
    writeFileSync(join(s.dataDir, 'webhook.crt'), certPem);
    writeFileSync(join(s.dataDir, 'webhook.key'), keyPem);
    await s.k('create', 'secret', 'tls', 'kvs-webhook-tls', '-n', ops, `--cert=${join(s.dataDir, 'webhook.crt')}`, `--key=${join(s.dataDir, 'webhook.key')}`);
    await apply('webhook.yaml');
    // Ready through its HTTPS readiness probe.
    const ready = await s.kubectl(['rollout', 'status', '-n', ops, 'deploy/kvs-webhook', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(ready.code, 0, `${ready.stderr} ${await s.k('describe', 'pods', '-n', ops, '-l', 'app=kvs-webhook')}`);
    // What the API server does: the Service's endpoint, dialled over the cluster network, the certificate checked
    // against the Service's DNS name.
    const endpoint = await eventually(async () => {
      const e = await s.k('get', 'endpoints', 'kvs-webhook', '-n', ops, '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}');
      assert.match(e, /^\d+\.\d+\.\d+\.\d+:8443$/);
      return e;
    });
    const review = admissionReview({ apiVersion: 'stores.skiff.example/v1', kind: 'KeyValueStore', metadata: { name: 'huge', namespace: 'default' }, spec: { replicas: 6, image: 'kv' } },
      { resource: { group: 'stores.skiff.example', version: 'v1', resource: 'keyvaluestores' }, kind: { group: 'stores.skiff.example', version: 'v1', kind: 'KeyValueStore' } });
    const answer = await postReview(`https://${endpoint}/validate`, review, { ca: certPem, servername: webhookHost });
    assert.equal(answer.code, 200, answer.body);
    assert.deepEqual([answer.review?.response.allowed, answer.review?.response.status?.message], [false, 'KeyValueStore "huge": spec.replicas 6 exceeds the maximum of 5']);
    assert.match(await s.k('logs', '-n', ops, 'deploy/kvs-webhook'), /^webhook listening on port 8443\n[\s\S]*\/validate CREATE default\/huge: allowed=false\n/);
  });

  test('with admission webhooks registered: stores are defaulted and labelled, too many replicas are denied, 5 warns', async () => {
    const served = await s.k('api-resources', '--api-group=admissionregistration.k8s.io', '-o', 'name');
    assert.match(served, /^mutatingwebhookconfigurations\.admissionregistration\.k8s\.io$/m);
    assert.match(served, /^validatingwebhookconfigurations\.admissionregistration\.k8s\.io$/m);
    assert.notEqual(webhookCa, '', 'the webhook pod of the previous test serves');
    await apply('webhook-configurations.yaml');
    try {
      // Registrations take effect shortly after they are written (upstream's webhook informers): poll with the denial.
      const denied = await eventually(async () => {
        const r = await createStore('huge', { replicas: 7 });
        assert.equal(r.code, 1, `created: ${r.stdout}`);
        return r.stderr;
      }, { timeoutMs: 20_000, intervalMs: 500 });
      assert.equal(denied, 'Error from server (Forbidden): error when creating "STDIN": admission webhook "validate.keyvaluestores.stores.skiff.example" denied the request: KeyValueStore "huge": spec.replicas 7 exceeds the maximum of 5\n');
      const five = await createStore('five', { replicas: 5 }, ['--dry-run=server']);
      assert.equal(five.code, 0, five.stderr);
      assert.equal(five.stderr, 'Warning: KeyValueStore "five": spec.replicas 5 is the maximum this operator supports\n');
      // Mutated before the schema validation and the store: storage defaulted, the label added.
      const created = await createStore('defaulted', { replicas: 1 });
      assert.equal(created.code, 0, created.stderr);
      const got = await store('defaulted');
      assert.deepEqual([got.spec.storage, got.metadata.labels?.['stores.skiff.example/managed-by']], ['1Gi', 'webhook']);
      await eventually(async () => assert.match(await kvsTable(), /\ndefaulted\s+1\s+1\s+1Gi\s+AllReplicasReady\s/), { timeoutMs: 60_000, intervalMs: 500 });
      assert.equal(await s.k('get', 'pvc', 'data-defaulted-0', '-o', 'jsonpath={.spec.resources.requests.storage} {.status.phase}'), '1Gi Bound');
      // The /scale subresource goes through the validating webhook too.
      const scaled = await s.kubectl(['scale', 'keyvaluestore', 'defaulted', '--replicas=8']);
      assert.equal(scaled.code, 1);
      assert.match(scaled.stderr, /admission webhook "validate\.keyvaluestores\.stores\.skiff\.example" denied the request: KeyValueStore "defaulted": spec\.replicas 8 exceeds the maximum of 5/);
      assert.equal((await store('defaulted')).spec.replicas, 1);
      assert.match(await s.k('logs', '-n', ops, 'deploy/kvs-webhook'), /\/mutate CREATE default\/defaulted: allowed=true/);
    } finally {
      await s.kubectl(['delete', 'mutatingwebhookconfiguration,validatingwebhookconfiguration', 'keyvaluestores.stores.skiff.example', '--ignore-not-found']);
    }
  });
});
