// e2e: seed 004's Deployment on a ReadWriteOnce claim, scaled past one node. The attach/detach controller
// attaches the volume to the first pod's node (Node status volumesAttached); a replica on another node waits
// in ContainerCreating with upstream's Multi-Attach error event and starts once the volume is free.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

/** Ceph RBD in the seed; here a hostPath PV that no node affinity pins, which Skiff attaches like a disk. */
const volume = (name: string, modes: string[]): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '8Gi' }, accessModes: modes, storageClassName: 'rbd', hostPath: { path: `/tmp/skiff-e2e-attach-${name}` }, claimRef: { namespace: 'default', name: `${name}-vol` } },
});
const claim = (name: string, modes: string[]): string => JSON.stringify({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${name}-vol` },
  spec: { accessModes: modes, resources: { requests: { storage: '8Gi' } }, storageClassName: 'rbd' },
});
/** The seed's zookeeper Deployment, with replicas kept on different nodes. */
const deployment = (name: string): string => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    replicas: 1, selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' }] } },
        containers: [{ name: 'zookeeper', image: 'komljen/zookeeper:3.4.10', volumeMounts: [{ name: 'data', mountPath: '/opt/zookeeper/data' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `${name}-vol` } }],
      },
    },
  },
});

describe('attach/detach: ReadWriteOnce volumes on one node at a time', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });

  const pods = async (app: string): Promise<{ name: string; node: string; phase: string; ready: string }[]> => {
    const out = await s.k('get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase} {.status.containerStatuses[0].ready}{"\\n"}{end}');
    return out.trim().split('\n').filter(Boolean).map((l) => { const [name = '', node = '', phase = '', ready = ''] = l.split(' '); return { name, node, phase, ready }; });
  };
  const attached = (node: string): Promise<string> => s.k('get', 'node', node, '-o', 'jsonpath={.status.volumesAttached[*].name}');

  test('seed 004: a second replica on another node waits with "Multi-Attach error" until the first lets go', async () => {
    for (const doc of [volume('zookeeper', ['ReadWriteOnce']), claim('zookeeper', ['ReadWriteOnce']), deployment('zookeeper')]) await s.create(doc);
    const first = await eventually(async () => {
      const [p, ...rest] = await pods('zookeeper');
      assert.equal(rest.length, 0);
      assert.equal(p?.phase, 'Running');
      return p!;
    }, { timeoutMs: 20_000, message: 'the first replica runs' });
    assert.equal(await attached(first.node), 'kubernetes.io/host-path/zookeeper');

    assert.equal(await s.k('scale', 'deployment', 'zookeeper', '--replicas=2'), 'deployment.apps/zookeeper scaled\n');
    const second = await eventually(async () => {
      const other = (await pods('zookeeper')).find((p) => p.name !== first.name);
      assert.ok(other?.node, 'the second replica is scheduled');
      return other;
    }, { timeoutMs: 20_000, message: 'the second replica is scheduled' });
    assert.notEqual(second.node, first.node);
    await eventually(async () => {
      const events = (await s.k('describe', 'pod', second.name)).split('Events:')[1] ?? '';
      assert.match(events, new RegExp(`Warning\\s+FailedAttachVolume\\s+\\S+\\s+attachdetach-controller\\s+Multi-Attach error for volume "zookeeper" Volume is already used by pod\\(s\\) ${first.name}\\n`));
    }, { timeoutMs: 20_000, message: 'the Multi-Attach event' });
    assert.match(await s.k('get', 'pod', second.name), new RegExp(`${second.name}\\s+0/1\\s+ContainerCreating\\s+0`));
    assert.equal(await attached(second.node), '');

    // The first node is cordoned and its replica deleted: the volume moves to the waiting replica's node and
    // it starts. (The Deployment's replacement has no node left: cordoned, or taken by the other replica.)
    assert.equal(await s.k('cordon', first.node), `node/${first.node} cordoned\n`);
    await s.k('delete', 'pod', first.name);
    await eventually(async () => assert.equal((await pods('zookeeper')).find((p) => p.name === second.name)?.phase, 'Running'), { timeoutMs: 20_000, message: 'the second replica runs' });
    assert.equal(await attached(second.node), 'kubernetes.io/host-path/zookeeper');
    assert.equal(await attached(first.node), '');
    assert.equal(await s.k('uncordon', first.node), `node/${first.node} uncordoned\n`);
  });

  test('a ReadWriteMany volume is attached to every node that uses it', async () => {
    for (const doc of [volume('shared', ['ReadWriteMany']), claim('shared', ['ReadWriteMany']), deployment('shared')]) await s.create(doc);
    await s.k('scale', 'deployment', 'shared', '--replicas=2');
    const running = await eventually(async () => {
      const ps = await pods('shared');
      assert.equal(ps.length, 2);
      assert.ok(ps.every((p) => p.phase === 'Running'), JSON.stringify(ps));
      return ps;
    }, { timeoutMs: 20_000, message: 'both replicas run' });
    for (const p of running) assert.match(await attached(p.node), /kubernetes\.io\/host-path\/shared/);
  });
});
