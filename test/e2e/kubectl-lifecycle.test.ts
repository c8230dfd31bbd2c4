// e2e: scale on every scalable kind, chunked lists, kubectl wait, and cascading deletion (garbage collector).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const rs = (name: string) => `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: busybox}]}\n`;
const rc = 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc1\nspec:\n  replicas: 1\n  selector: {app: rc1}\n  template:\n    metadata: {labels: {app: rc1}}\n    spec: {containers: [{name: c, image: busybox}]}\n';

describe('kubectl lifecycle against skiff server', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff(); });
  after(async () => { await s?.stop(); });

  async function dependent(name: string, owner: string): Promise<void> {
    const uid = await s.k('get', 'rs', owner, '-o', 'jsonpath={.metadata.uid}');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid, controller: true, blockOwnerDeletion: true }] } };
    const r = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify(cm) });
    assert.equal(r.code, 0, r.stderr);
  }

  test('kubectl scale works on deployments, replicasets and replication controllers', async () => {
    await s.k('create', 'deployment', 'd1', '--image=busybox');
    assert.equal(await s.k('scale', 'deploy', 'd1', '--replicas=4'), 'deployment.apps/d1 scaled\n');
    await s.kubectl(['create', '-f', '-'], { input: rs('rs1') });
    assert.equal(await s.k('scale', 'rs', 'rs1', '--replicas=3'), 'replicaset.apps/rs1 scaled\n');
    await s.kubectl(['create', '-f', '-'], { input: rc });
    assert.equal(await s.k('scale', 'rc', 'rc1', '--replicas=2'), 'replicationcontroller/rc1 scaled\n');
    assert.equal(await s.k('get', 'deploy/d1', 'rs/rs1', 'rc/rc1', '-o', 'jsonpath={.items[*].spec.replicas}'), '4 3 2');
    // The Scale's status.replicas is the ReplicaSet's: the controller's three pods (Pending here: no nodes).
    await eventually(async () => assert.match(await s.k('get', 'rs', 'rs1', '--subresource=scale'), /^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nrs1\s+3\s+3\s+\d+s\n$/));
  });

  test('kubectl create quota, pdb and priorityclass (protobuf bodies) store the upstream objects', async () => {
    assert.equal(await s.k('create', 'quota', 'q1', '--hard=pods=10,limits.memory=1Gi'), 'resourcequota/q1 created\n');
    assert.equal(await s.k('create', 'pdb', 'p1', '--selector=app=web', '--min-available=1'), 'poddisruptionbudget.policy/p1 created\n');
    assert.equal(await s.k('create', 'priorityclass', 'high', '--value=1000'), 'priorityclass.scheduling.k8s.io/high created\n');
    assert.equal(await s.k('get', 'quota', 'q1', '-o', 'jsonpath={.spec.hard}'), '{"limits.memory":"1Gi","pods":"10"}');
    // Upstream columns; REQUEST/LIMIT come from status, which the quota controller fills.
    await eventually(async () => assert.match(await s.k('get', 'quota', 'q1'), /^NAME\s+REQUEST\s+LIMIT\s+AGE\nq1\s+pods: \d+\/10\s+limits\.memory: 0\/1Gi\s+\d+s\n$/));
    assert.equal(await s.k('get', 'pdb', 'p1', '-o', 'jsonpath={.spec.minAvailable} {.spec.selector.matchLabels.app}'), '1 web');
    assert.equal(await s.k('get', 'pc', 'high', '-o', 'jsonpath={.value} {.preemptionPolicy}'), '1000 PreemptLowerPriority');
  });

  test('kubectl create token issues a service account token the server accepts', async () => {
    await s.k('create', 'serviceaccount', 'bot');
    const token = (await s.k('create', 'token', 'bot', '--duration=1h')).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const who = await s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, '--insecure-skip-tls-verify', `--token=${token}`, 'auth', 'whoami']);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, /^Username\s+system:serviceaccount:default:bot$/m);
    const missing = await s.kubectl(['create', 'token', 'nosuch']);
    assert.equal(missing.stderr, 'error: failed to create token: serviceaccounts "nosuch" not found\n');
  });

  test('kubectl get --chunk-size pages through the list with continue tokens', async () => {
    for (let i = 0; i < 7; i++) await s.k('create', 'configmap', `page-${i}`);
    const out = await s.k('get', 'configmaps', '--chunk-size=2', '-o', 'name', '-l', '!nonexistent');
    const names = out.trim().split('\n').filter((l) => l.startsWith('configmap/page-'));
    assert.deepEqual(names, ['configmap/page-0', 'configmap/page-1', 'configmap/page-2', 'configmap/page-3', 'configmap/page-4', 'configmap/page-5', 'configmap/page-6']);
  });

  test('kubectl wait sees a condition met and a deletion', async () => {
    assert.equal(await s.k('wait', '--for=jsonpath={.spec.replicas}=4', 'deploy/d1', '--timeout=20s'), 'deployment.apps/d1 condition met\n');
    const waiting = s.kubectl(['wait', '--for=delete', 'configmap/page-0', '--timeout=30s']);
    await s.k('delete', 'configmap', 'page-0', '--wait=false');
    const r = await waiting;
    assert.equal(r.code, 0, r.stderr);
  });

  test('deleting an owner garbage-collects its dependents; --cascade=orphan keeps them', async () => {
    await s.kubectl(['create', '-f', '-'], { input: rs('owner-bg') });
    await dependent('dep-bg', 'owner-bg');
    await s.k('delete', 'rs', 'owner-bg');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'cm', 'dep-bg'])).code, 1), { timeoutMs: 20_000, message: 'background cascade' });

    await s.kubectl(['create', '-f', '-'], { input: rs('owner-or') });
    await dependent('dep-or', 'owner-or');
    assert.equal(await s.k('delete', 'rs', 'owner-or', '--cascade=orphan'), 'replicaset.apps "owner-or" deleted\n');
    assert.equal((await s.kubectl(['get', 'rs', 'owner-or'])).code, 1);
    assert.equal(await s.k('get', 'cm', 'dep-or', '-o', 'jsonpath={.metadata.ownerReferences}'), '');

    await s.kubectl(['create', '-f', '-'], { input: rs('owner-fg') });
    await dependent('dep-fg', 'owner-fg');
    const fg = await s.kubectl(['delete', 'rs', 'owner-fg', '--cascade=foreground'], { timeoutMs: 30_000 });
    assert.equal(fg.code, 0, fg.stderr);
    assert.equal((await s.kubectl(['get', 'cm', 'dep-fg'])).code, 1, 'the dependent went first');
  });
});
