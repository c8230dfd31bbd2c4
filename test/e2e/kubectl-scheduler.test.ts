// e2e: the scheduler on simulated nodes through kubectl: pods placed and Running, FailedScheduling with
// upstream messages, seed 000's WaitForFirstConsumer local PVs resolved by scheduling, local-path
// provisioning on the chosen node, ReadWriteOncePod enforced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const podWith = (name: string, spec: object): object => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const claimVolume = (claim: string): object => ({ volumes: [{ name: 'd', persistentVolumeClaim: { claimName: claim } }] });
const pvc = (name: string, o: { cls?: string; modes?: string[] } = {}): object => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(o.cls ? { storageClassName: o.cls } : {}) },
});

describe('kubectl scheduler on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const create = (...docs: object[]): Promise<string> => s.create(yamlStream(docs));
  const events = async (what: string): Promise<string> => (await s.k('describe', ...what.split('/'))).split('Events:')[1] ?? '';
  const nodeOf = (podName: string): Promise<string> => s.k('get', 'pod', podName, '-o', 'jsonpath={.spec.nodeName}');

  test('a Deployment\'s pods are spread over the nodes and run', async () => {
    await s.k('create', 'deployment', 'web', '--image=nginx', '--replicas=0');
    await create(podWith('a', {}), podWith('b', {}));
    await eventually(async () => assert.match(await s.k('get', 'pods', 'a', 'b'), /a\s+1\/1\s+Running[\s\S]*b\s+1\/1\s+Running/));
    assert.deepEqual([await nodeOf('a'), await nodeOf('b')].sort(), ['node-1', 'node-2']);
    assert.match(await events('pod/a'), /Scheduled\s+.*default-scheduler\s+Successfully assigned default\/a to node-[12]/);
    assert.equal(await s.k('get', 'pod', 'a', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].status}'), 'True');
  });

  test('an unschedulable pod stays Pending with PodScheduled=False and the upstream FailedScheduling message', async () => {
    await create(podWith('huge', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100' } } }] }));
    const msg = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    await eventually(async () => assert.ok((await events('pod/huge')).includes(msg)));
    assert.equal(await s.k('get', 'pod', 'huge', '-o', 'jsonpath={.status.phase} {.status.conditions[?(@.type=="PodScheduled")].reason}'), 'Pending Unschedulable');
    await create(podWith('nowhere', { nodeSelector: { disk: 'ssd' } }));
    await eventually(async () => assert.match(await events('pod/nowhere'), /0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\./));
    // Labelling a node makes the pod fit: the scheduler retries on node changes.
    await s.k('label', 'node', 'node-2', 'disk=ssd');
    await eventually(async () => assert.equal(await nodeOf('nowhere'), 'node-2'), { timeoutMs: 15_000 });
  });

  test('seed 000: WaitForFirstConsumer local PVs are bound where the pod is scheduled', async () => {
    await s.k('create', '-f', join(fixtures, 'local-storage.yml'));
    await create(...['node-1', 'node-2'].map((n) => ({
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `local-${n}` },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'local-storage', local: { path: '/tmp' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } } },
    })));
    await create(pvc('www-web-0', { cls: 'local-storage' }), podWith('web-0', { ...claimVolume('www-web-0'), nodeSelector: { 'kubernetes.io/hostname': 'node-1' } }));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'web-0'), /web-0\s+1\/1\s+Running/), { timeoutMs: 15_000 });
    assert.equal(await s.k('get', 'pvc', 'www-web-0', '-o', 'jsonpath={.status.phase} {.spec.volumeName}'), 'Bound local-node-1');
    assert.equal(await s.k('get', 'pvc', 'www-web-0', '-o', 'jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}'), '');
    // Once bound, the local PV pins every later user of the claim to its node.
    await create(podWith('again', { ...claimVolume('www-web-0'), nodeSelector: { 'kubernetes.io/hostname': 'node-2' } }));
    await eventually(async () => assert.match(await events('pod/again'), /0\/2 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector, 1 node\(s\) had volume node affinity conflict\./));
  });

  test('local-path: the default class provisions on the node the scheduler picked', async () => {
    await create(pvc('data'), podWith('user', claimVolume('data')));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'user'), /user\s+1\/1\s+Running/), { timeoutMs: 15_000 });
    const pv = await s.k('get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}');
    assert.equal(await s.k('get', 'pv', pv, '-o', 'jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}'), await nodeOf('user'));
    assert.equal(await s.k('get', 'pvc', 'data', '-o', 'jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}'), await nodeOf('user'));
  });

  test('claims that block scheduling: unbound Immediate, missing, ReadWriteOncePod in use', async () => {
    await create(pvc('imm', { cls: 'manual-none' }), podWith('waits', claimVolume('imm')), podWith('lost', claimVolume('no-such-claim')));
    await eventually(async () => assert.match(await events('pod/waits'), /0\/2 nodes are available: pod has unbound immediate PersistentVolumeClaims\. preemption: 0\/2 nodes are available: 2 Preemption is not helpful for scheduling\./));
    await eventually(async () => assert.match(await events('pod/lost'), /0\/2 nodes are available: persistentvolumeclaim "no-such-claim" not found\./));
    await create(pvc('solo', { modes: ['ReadWriteOncePod'] }), podWith('first', claimVolume('solo')));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'first'), /first\s+1\/1\s+Running/), { timeoutMs: 15_000 });
    await create(podWith('second', claimVolume('solo')));
    await eventually(async () => assert.match(await events('pod/second'), /node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode/));
  });
});
