// e2e through kubectl on simulated nodes: upstream behaviours found by trying upstream e2e flows (issue 19):
// emptied omitempty lists are gone from objects, disabled-gate fields are dropped, a pod on a node where its local
// PV cannot be used never runs, a Lost claim blocks scheduling with upstream's message, and the claim of a pod
// that was never scheduled can be deleted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const localPv = (name: string, node: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: {
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', local: { path: `/mnt/${name}` },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
  },
});
const claim = (name: string, volumeName: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'manual', volumeName, resources: { requests: { storage: '1Gi' } } },
});
const podWithClaim = (name: string, claimName: string, nodeName?: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
});

describe('upstream behaviours rechecked through kubectl', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const json = async (...what: string[]): Promise<{ metadata: Record<string, unknown>; spec?: Record<string, unknown> }> => JSON.parse(await s.k('get', ...what, '-o', 'json')) as { metadata: Record<string, unknown> };
  const events = async (what: string): Promise<string> => (await s.k('describe', ...what.split('/'))).split('Events:')[1] ?? '';

  test('a released pod has no ownerReferences field; lists and maps emptied by a patch are gone', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    }));
    await eventually(async () => assert.notEqual(await s.k('get', 'pods', '-l', 'app=rs', '-o', 'name'), ''));
    const pod = (await s.k('get', 'pods', '-l', 'app=rs', '-o', 'name')).trim();
    await s.k('label', pod, 'app=released', '--overwrite');
    await eventually(async () => assert.equal('ownerReferences' in (await json(pod)).metadata, false, 'ownerReferences still present'));
    // finalizers emptied by a JSON patch, labels by a merge patch: the fields go, as upstream's omitempty encoding.
    await s.k('patch', pod, '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
    await s.k('patch', pod, '--type=json', '-p', '[{"op":"replace","path":"/metadata/finalizers","value":[]}]');
    assert.equal('finalizers' in (await json(pod)).metadata, false);
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { a: 'b' } }, data: { k: 'v' } }));
    await s.k('patch', 'configmap', 'cm', '--type=json', '-p', '[{"op":"replace","path":"/metadata/labels","value":{}}]');
    assert.equal('labels' in (await json('configmap', 'cm')).metadata, false);
    // A list without omitempty upstream stays, empty (ClusterRole.rules).
    await s.create(JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'nothing' }, rules: [] }));
    assert.equal(await s.k('get', 'clusterrole', 'nothing', '-o', 'jsonpath={.rules}'), '[]');
  });

  test('rollingUpdate.maxUnavailable of a StatefulSet is dropped on create and update (MaxUnavailableStatefulSet off)', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'mu' },
      spec: {
        replicas: 1, serviceName: 'mu', selector: { matchLabels: { app: 'mu' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        template: { metadata: { labels: { app: 'mu' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    }));
    assert.equal(await s.k('get', 'sts', 'mu', '-o', 'jsonpath={.spec.updateStrategy}'), '{"rollingUpdate":{"partition":0},"type":"RollingUpdate"}');
    await s.k('patch', 'sts', 'mu', '--type=merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":"50%","partition":1}}}}');
    assert.equal(await s.k('get', 'sts', 'mu', '-o', 'jsonpath={.spec.updateStrategy}'), '{"rollingUpdate":{"partition":1},"type":"RollingUpdate"}');
    assert.equal(await s.k('get', 'sts', 'mu', '-o', 'jsonpath={.metadata.generation}'), '2');
  });

  test('a pod put on a node where its local PV cannot be used never runs: FailedMount NodeAffinity, as the kubelet reports', async () => {
    await s.create(localPv('pv-node-1', 'node-1'));
    await s.create(claim('pinned', 'pv-node-1'));
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'pinned', '-o', 'jsonpath={.status.phase}'), 'Bound'));
    await s.create(podWithClaim('misplaced', 'pinned', 'node-2'));
    await eventually(async () => assert.match(await events('pod/misplaced'), /Warning\s+FailedMount\s+.*\s+kubelet\s+MountVolume\.NodeAffinity check failed for volume "pv-node-1" : no matching NodeSelectorTerms/));
    assert.match(await s.k('get', 'pod', 'misplaced'), /misplaced\s+0\/1\s+ContainerCreating\s+0\s/);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await s.k('get', 'pod', 'misplaced', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}'), 'Pending ContainerCreating');
    // The same claim on its volume's node runs.
    await s.k('delete', 'pod', 'misplaced');
    await s.create(podWithClaim('placed', 'pinned', 'node-1'));
    await s.k('wait', '--for=condition=Ready', 'pod/placed', '--timeout=10s');
    await s.k('delete', 'pod', 'placed');
  });

  test('a Lost claim gets FailedScheduling about its missing PersistentVolume; deleting the claim of the never-scheduled pod completes', async () => {
    await s.create(localPv('pv-gone', 'node-1'));
    await s.create(claim('orphaned', 'pv-gone'));
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'orphaned', '-o', 'jsonpath={.status.phase}'), 'Bound'));
    // The volume goes (its pv-protection finalizer taken off by hand): the claim is Lost.
    await s.kubectl(['delete', 'pv', 'pv-gone', '--wait=false']);
    await s.k('patch', 'pv', 'pv-gone', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'orphaned', '-o', 'jsonpath={.status.phase}'), 'Lost'));
    await s.create(podWithClaim('stuck', 'orphaned'));
    await eventually(async () => assert.match(await events('pod/stuck'), /Warning\s+FailedScheduling\s+.*\s+default-scheduler\s+0\/2 nodes are available: persistentvolumeclaim "orphaned" bound to non-existent persistentvolume "pv-gone"\. preemption: 0\/2 nodes are available: 2 Preemption is not helpful for scheduling\./));
    assert.equal(await s.k('get', 'pod', 'stuck', '-o', 'jsonpath={.spec.nodeName}'), '');
    // pvc-protection waits only for scheduled pods: the unscheduled one does not hold its claim.
    const r = await s.kubectl(['delete', 'pvc', 'orphaned', '--timeout=15s']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await s.kubectl(['get', 'pvc', 'orphaned'])).code, 1);
    assert.match(await events('pod/stuck'), /persistentvolumeclaim "orphaned" (not found|is being deleted|bound to non-existent)/);
  });
});
