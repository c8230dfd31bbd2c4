// e2e: what every pod and namespace gets for in-cluster API access, as upstream: the `kubernetes` Service in
// default (ClusterIP 10.43.0.1:443, its endpoint the API server), kube-root-ca.crt in every namespace, and
// the ServiceAccount admission (serviceAccountName defaulted, the account must exist, the projected
// kube-api-access volume mounted in every container unless automounting is off, the account's imagePullSecrets).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

type PodSpec = {
  serviceAccountName?: string; serviceAccount?: string; imagePullSecrets?: { name: string }[];
  volumes?: { name: string; projected?: { defaultMode: number; sources: unknown[] } }[];
  containers: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
  initContainers?: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
};

describe('service accounts, kube-root-ca.crt and the kubernetes Service', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '1'] }); });
  after(async () => { await s?.stop(); });
  const spec = async (name: string, ns = 'default'): Promise<PodSpec> => (JSON.parse(await s.k('get', 'pod', name, '-n', ns, '-o', 'json')) as { spec: PodSpec }).spec;

  test('the kubernetes Service fronts the API server on 10.43.0.1:443', async () => {
    await eventually(async () => assert.match(await s.k('get', 'svc', 'kubernetes'), /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nkubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+\S+\n$/));
    const port = new URL(s.url).port;
    await eventually(async () => assert.match(await s.k('get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}'), new RegExp(`^[\\d.]+:${port}$`)));
    assert.match(await s.k('get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.addressType} {.endpoints[0].conditions.ready} {.ports[0].name}'), /^IPv4 true https$/);
    // Deleted, it comes back (with its address).
    await s.k('delete', 'svc', 'kubernetes');
    await eventually(async () => assert.equal(await s.k('get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}'), '10.43.0.1'));
  });

  test('every namespace gets kube-root-ca.crt with the cluster CA; a deleted or edited one is put back', async () => {
    const ca = readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8');
    await s.k('create', 'namespace', 'apps');
    await eventually(async () => assert.equal(await s.k('get', 'cm', 'kube-root-ca.crt', '-n', 'apps', '-o', 'jsonpath={.data.ca\\.crt}'), ca));
    await s.k('delete', 'cm', 'kube-root-ca.crt', '-n', 'apps');
    await eventually(async () => assert.equal(await s.k('get', 'cm', 'kube-root-ca.crt', '-n', 'apps', '-o', 'jsonpath={.data.ca\\.crt}'), ca));
    await s.k('patch', 'cm', 'kube-root-ca.crt', '-n', 'apps', '-p', '{"data":{"ca.crt":"tampered"}}');
    await eventually(async () => assert.equal(await s.k('get', 'cm', 'kube-root-ca.crt', '-n', 'apps', '-o', 'jsonpath={.data.ca\\.crt}'), ca));
  });

  test('a pod runs as the default service account with kube-api-access mounted in every container', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'apps' },
      spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx', volumeMounts: [{ name: 'own', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }], volumes: [{ name: 'own', emptyDir: {} }] },
    }));
    const p = await spec('p1', 'apps');
    assert.equal(p.serviceAccountName, 'default');
    assert.equal(p.serviceAccount, 'default');
    const vol = p.volumes!.find((v) => v.name.startsWith('kube-api-access-'))!;
    assert.match(vol.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(vol.projected, {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    const mount = { name: vol.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
    assert.deepEqual(p.initContainers![0]!.volumeMounts, [mount]);
    assert.deepEqual(p.containers[0]!.volumeMounts, [mount]);
    // A container that mounts something of its own there keeps it.
    assert.deepEqual(p.containers[1]!.volumeMounts, [{ name: 'own', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    assert.match(await s.k('describe', 'pod', 'p1', '-n', 'apps'), /Service Account:\s+default\n/);
  });

  test('a missing service account is Forbidden; automountServiceAccountToken false and imagePullSecrets come from the account', async () => {
    const missing = await s.kubectl(['run', 'p2', '-n', 'apps', '--image', 'nginx', '--overrides', '{"spec":{"serviceAccountName":"builder"}}']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'Error from server (Forbidden): pods "p2" is forbidden: error looking up service account apps/builder: serviceaccount "builder" not found\n');
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'apps' }, automountServiceAccountToken: false, imagePullSecrets: [{ name: 'regcred' }] }));
    await s.k('run', 'p2', '-n', 'apps', '--image', 'nginx', '--overrides', '{"spec":{"serviceAccountName":"builder"}}');
    const p = await spec('p2', 'apps');
    assert.equal(p.serviceAccountName, 'builder');
    assert.deepEqual(p.imagePullSecrets, [{ name: 'regcred' }]);
    assert.equal((p.volumes ?? []).length, 0);
    assert.equal(p.containers[0]!.volumeMounts, undefined);
    // The pod's own setting wins over the account's.
    await s.k('run', 'p3', '-n', 'apps', '--image', 'nginx', '--overrides', '{"spec":{"serviceAccountName":"builder","automountServiceAccountToken":true}}');
    assert.equal((await spec('p3', 'apps')).containers[0]!.volumeMounts?.[0]?.mountPath, '/var/run/secrets/kubernetes.io/serviceaccount');
  });
});
