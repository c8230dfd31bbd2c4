// e2e: the ReplicaSet and ReplicationController controllers through kubectl on simulated nodes: seed
// 003's frontend RC and `kubectl scale rc`, a ReplicaSet that replaces deleted pods and scales down the
// least valuable pods first, adoption of orphans, cascading deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';
import { markUnready } from '../support/simulated-pods.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';


const rs = (name: string, replicas: number): string => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

describe('kubectl ReplicaSet and ReplicationController on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const create = (input: string): Promise<string> => s.create(input);
  const names = async (selector: string): Promise<string[]> => (await s.k('get', 'pods', '-l', selector, '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').filter(Boolean).sort();

  test('seed 003: the frontend RC keeps one pod; kubectl scale rc makes three, then one', async () => {
    assert.equal(await s.k('create', '-f', join(fixtures, 'frontend-rc.yaml')), 'replicationcontroller/frontend created\n');
    await eventually(async () => assert.match(await s.k('get', 'rc', 'frontend'), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nfrontend\s+1\s+1\s+1\s+\S+\n$/));
    const [pod] = await names('tier=frontend');
    assert.match(pod!, /^frontend-[a-z0-9]{5}$/);
    assert.equal(await s.k('get', 'pod', pod!, '-o', 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.labels.app} {.spec.containers[0].env[0].value}'), 'ReplicationController/frontend app-demo dns');
    assert.equal(await s.k('scale', 'rc', 'frontend', '--replicas=3'), 'replicationcontroller/frontend scaled\n');
    await eventually(async () => assert.match(await s.k('get', 'rc', 'frontend'), /frontend\s+3\s+3\s+3\s/));
    assert.match((await s.k('describe', 'rc', 'frontend')).split('Events:')[1]!, /Normal\s+SuccessfulCreate\s+\S+\s+replication-controller\s+Created pod: frontend-[a-z0-9]{5}/);
    await s.k('scale', 'rc', 'frontend', '--replicas=1');
    await eventually(async () => assert.equal((await names('tier=frontend')).length, 1));
    assert.equal(await s.k('get', 'rc', 'frontend', '-o', 'jsonpath={.status.replicas} {.status.readyReplicas} {.status.availableReplicas} {.status.fullyLabeledReplicas} {.status.observedGeneration}'), '1 1 1 1 3');
    assert.match((await s.k('describe', 'rc', 'frontend')).split('Events:')[1]!, /Normal\s+SuccessfulDelete\s+\S+\s+replication-controller\s+Deleted pod: frontend-[a-z0-9]{5}/);
  });

  test('a ReplicaSet replaces a deleted pod and scales down the not-ready pod first', async () => {
    await create(rs('web', 3));
    await eventually(async () => assert.match(await s.k('get', 'rs', 'web'), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb\s+3\s+3\s+3\s+\S+\n$/));
    const before = await names('app=web');
    await s.k('delete', 'pod', before[0]!);
    await eventually(async () => {
      const now = await names('app=web');
      assert.equal(now.length, 3);
      assert.ok(!now.includes(before[0]!));
    });
    // A pod kept unready is the first to go on scale-down (upstream ranking).
    const victim = (await names('app=web'))[1]!;
    await markUnready(s, victim);
    await eventually(async () => assert.match(await s.k('get', 'rs', 'web'), /web\s+3\s+3\s+2\s/));
    await s.k('scale', 'rs', 'web', '--replicas=2');
    await eventually(async () => assert.equal((await names('app=web')).length, 2));
    assert.ok(!(await names('app=web')).includes(victim), `${victim} (not ready) should have been deleted first`);
  });

  test('--cascade=orphan keeps the pods and a new ReplicaSet adopts them; a background delete removes them', async () => {
    const pods = await names('app=web');
    assert.equal(await s.k('delete', 'rs', 'web', '--cascade=orphan'), 'replicaset.apps "web" deleted\n');
    assert.equal(await s.k('get', 'pod', pods[0]!, '-o', 'jsonpath={.metadata.ownerReferences}'), '');
    await create(rs('web', 2));
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.ownerReferences[0].name}'), 'web web'));
    assert.deepEqual(await names('app=web'), pods);
    await s.k('delete', 'rs', 'web');
    await eventually(async () => assert.deepEqual(await names('app=web'), []));
  });
});
