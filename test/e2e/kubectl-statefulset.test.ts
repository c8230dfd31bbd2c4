// e2e: the StatefulSet controller through kubectl on simulated nodes: seed 000 (local PVs pinned to
// nodes, headless Service, ordered creation), scaling that keeps claims, pod re-creation with the same
// claim, seed 001's partitioned rolling update with rollout status/history/undo, Parallel against
// OrderedReady, cascading and orphaning deletion with adoption, and the claim retention policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { markUnready } from '../support/simulated-pods.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
/** kubectl rollout status output: progress lines (timing-dependent), then the completion line. */
const rolloutDone = (n: number): RegExp => new RegExp(`^(Waiting for (partitioned roll out to finish: \\d+ out of 2 new pods have been updated|\\d+ pods to be ready)\\.\\.\\.\\n)*partitioned roll out complete: ${n} new pods have been updated\\.\\.\\.\\n$`);

/** A StatefulSet with a local-path volumeClaimTemplate. */
const sts = (name: string, o: { replicas?: number; parallel?: boolean; annotations?: Record<string, string>; retention?: object } = {}): object => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: {
    serviceName: name, replicas: o.replicas ?? 2, selector: { matchLabels: { app: name } },
    ...(o.parallel ? { podManagementPolicy: 'Parallel' } : {}),
    ...(o.retention ? { persistentVolumeClaimRetentionPolicy: o.retention } : {}),
    template: { metadata: { labels: { app: name }, ...(o.annotations ? { annotations: o.annotations } : {}) }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
});

describe('kubectl StatefulSet on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });
  const create = (input: string): Promise<string> => s.create(input);
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split('/'), '-o', `jsonpath=${path}`);
  /** `kubectl get <args> -w` in the background; stop() returns what it printed. */
  const watch = (...args: string[]): { stop: () => Promise<string> } => {
    const p = spawn('kubectl', ['get', ...args, '-w'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    return { stop: async () => { p.kill(); await new Promise((r) => p.once('exit', r)); return out; } };
  };

  test('seed 000: local PVs on node-1/node-2, headless Service and StatefulSet: claims Bound to different PVs, pods created in order', async () => {
    const pvs = readFileSync(join(fixtures, 'local-pv.yml'), 'utf8').replaceAll('kube-node-', 'node-');
    await s.k('create', '-f', join(fixtures, 'local-storage.yml'));
    assert.equal(await create(pvs), 'persistentvolume/local-pv1 created\npersistentvolume/local-pv2 created\n');
    const w = watch('pods', '-l', 'app=nginx');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pods'])).stderr, 'No resources found in default namespace.\n'));
    assert.equal(await s.k('create', '-f', join(fixtures, 'web.yml')), 'service/nginx created\nstatefulset.apps/web created\n');
    await eventually(async () => assert.match(await s.k('get', 'statefulset', 'web'), /^NAME\s+READY\s+AGE\nweb\s+2\/2\s+\S+\n$/));
    const lines = (await w.stop()).split('\n').filter((l) => /^web-/.test(l));
    const firstWeb1 = lines.findIndex((l) => l.startsWith('web-1'));
    const web0Ready = lines.findIndex((l) => /^web-0\s+1\/1\s+Running/.test(l));
    assert.ok(web0Ready >= 0 && firstWeb1 > web0Ready, `web-1 appeared before web-0 was Running and Ready:\n${lines.join('\n')}`);
    assert.match(lines[0]!, /^web-0\s+0\/1\s+Pending\s+0\s/);
    // The kubelet's sequence: Pending → ContainerCreating → Running.
    assert.ok(lines.some((l) => /^web-0\s+0\/1\s+ContainerCreating\s/.test(l)), `no ContainerCreating line:\n${lines.join('\n')}`);

    const pvc = await s.k('get', 'pvc');
    assert.match(pvc, /www-web-0\s+Bound\s+local-pv[12]\s+1Gi\s+RWO\s+local-storage\s/);
    assert.match(pvc, /www-web-1\s+Bound\s+local-pv[12]\s+1Gi\s+RWO\s+local-storage\s/);
    const [v0, v1] = [await jp('pvc/www-web-0', '{.spec.volumeName}'), await jp('pvc/www-web-1', '{.spec.volumeName}')];
    assert.notEqual(v0, v1);
    // Each pod runs on the node its local PV is pinned to.
    for (const [p, v] of [['web-0', v0], ['web-1', v1]] as const) assert.equal(await jp(`pod/${p}`, '{.spec.nodeName}'), v === 'local-pv1' ? 'node-1' : 'node-2');
    assert.match(await s.k('get', 'pods'), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-0\s+1\/1\s+Running\s+0\s+\S+\nweb-1\s+1\/1\s+Running\s+0\s+\S+\n$/);
    assert.equal(await jp('pod/web-1', '{.spec.hostname} {.spec.subdomain} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.spec.volumes[0].persistentVolumeClaim.claimName}'),
      'web-1 nginx web-1 1 StatefulSet/web www-web-1');
    const rev = await jp('sts/web', '{.status.updateRevision}');
    assert.match(rev, /^web-[a-z0-9]+$/);
    assert.equal(await jp('pod/web-0', '{.metadata.labels.controller-revision-hash}'), rev);
    assert.equal(await jp('sts/web', '{.status.replicas} {.status.readyReplicas} {.status.availableReplicas} {.status.currentReplicas} {.status.updatedReplicas} {.status.currentRevision} {.status.observedGeneration} {.status.collisionCount}'), `2 2 2 2 2 ${rev} 1 0`);
    const events = (await s.k('describe', 'sts', 'web')).split('Events:')[1]!;
    for (const m of ['create Claim www-web-0 Pod web-0 in StatefulSet web success', 'create Pod web-0 in StatefulSet web successful', 'create Claim www-web-1 Pod web-1 in StatefulSet web success', 'create Pod web-1 in StatefulSet web successful']) {
      assert.match(events, new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+statefulset-controller\\s+${m}`));
    }
    assert.equal(await jp('endpoints/nginx', '{.subsets[0].addresses[*].hostname}'), 'web-0 web-1');
  });

  test('cluster DNS: the headless Service, web-0.nginx and SRV records follow the endpoints', async () => {
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([`127.0.0.1:${s.dnsPort}`]);
    const ips = async (p: string): Promise<string> => jp(`pod/${p}`, '{.status.podIP}');
    assert.deepEqual(await r.resolve4('web-0.nginx.default.svc.cluster.local'), [await ips('web-0')]);
    assert.deepEqual((await r.resolve4('nginx.default.svc.cluster.local')).sort(), [await ips('web-0'), await ips('web-1')].sort());
    assert.deepEqual((await r.resolveSrv('_web._tcp.nginx.default.svc.cluster.local')).map((x) => `${x.name}:${x.port}`).sort(), ['web-0.nginx.default.svc.cluster.local:80', 'web-1.nginx.default.svc.cluster.local:80']);
    assert.deepEqual(await r.reverse(await ips('web-1')), ['web-1.nginx.default.svc.cluster.local']);
    await assert.rejects(r.resolve4('web-9.nginx.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    // A pod that stops being ready leaves the records within a second (its Endpoints follow its readiness).
    await markUnready(s, 'web-1');
    await eventually(async () => assert.rejects(r.resolve4('web-1.nginx.default.svc.cluster.local'), { code: 'ENOTFOUND' }), { timeoutMs: 1000 });
    assert.deepEqual(await r.resolve4('nginx.default.svc.cluster.local'), [await ips('web-0')]);
    // Deleting it: the StatefulSet recreates web-1 (Ready again), and its name resolves again.
    await s.k('delete', 'pod', 'web-1');
    await eventually(async () => assert.deepEqual(await r.resolve4('web-1.nginx.default.svc.cluster.local'), [await ips('web-1')]));
  });

  test('deleting web-1 recreates it with a new uid and the same claim; kubectl delete returns', async () => {
    const uid = await jp('pod/web-1', '{.metadata.uid}');
    assert.equal(await s.k('delete', 'pod', 'web-1'), 'pod "web-1" deleted\n');
    await eventually(async () => {
      assert.notEqual(await jp('pod/web-1', '{.metadata.uid}'), uid);
      assert.match(await s.k('get', 'pod', 'web-1'), /web-1\s+1\/1\s+Running/);
    });
    assert.equal(await jp('pod/web-1', '{.spec.volumes[0].persistentVolumeClaim.claimName}'), 'www-web-1');
    assert.match((await s.k('describe', 'sts', 'web')).split('Events:')[1]!, /create Pod web-1 in StatefulSet web successful/);
  });

  test('scale 2 → 3 → 2 through /scale keeps the claims', async () => {
    const pv3 = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'local-pv3' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', local: { path: '/tmp' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-3'] }] }] } } } };
    await create(yamlStream([pv3]));
    assert.equal(await s.k('scale', 'sts', 'web', '--replicas=3'), 'statefulset.apps/web scaled\n');
    await eventually(async () => assert.match(await s.k('get', 'sts', 'web'), /web\s+3\/3\s/));
    assert.equal(await jp('pvc/www-web-2', '{.status.phase} {.spec.volumeName}'), 'Bound local-pv3');
    assert.equal(await jp('pod/web-2', '{.spec.nodeName}'), 'node-3');
    assert.equal(await s.k('scale', 'sts', 'web', '--replicas=2'), 'statefulset.apps/web scaled\n');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pod', 'web-2'])).code, 1));
    assert.match(await s.k('get', 'sts', 'web'), /web\s+2\/2\s/);
    assert.equal(await jp('pvc/www-web-2', '{.status.phase}'), 'Bound');
    assert.match((await s.k('describe', 'sts', 'web')).split('Events:')[1]!, /Normal\s+SuccessfulDelete\s+\S+\s+statefulset-controller\s+delete Pod web-2 in StatefulSet web successful/);
    assert.equal(await jp('sts/web', '{.spec.replicas} {.status.replicas}'), '2 2');
  });

  test('seed 001: a partitioned rolling update, then the full rollout, history and undo', async () => {
    const oldImage = await jp('pod/web-0', '{.spec.containers[0].image}');
    const oldRev = await jp('sts/web', '{.status.currentRevision}');
    await s.k('patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}');
    await s.k('set', 'image', 'sts/web', 'nginx=nginx:1.27');
    await eventually(async () => assert.equal(await jp('pod/web-1', '{.spec.containers[0].image}'), 'nginx:1.27'));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'web-1'), /1\/1\s+Running/));
    assert.equal(await jp('pod/web-0', '{.spec.containers[0].image}'), oldImage);
    const newRev = await jp('sts/web', '{.status.updateRevision}');
    assert.notEqual(newRev, oldRev);
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.currentRevision} {.status.currentReplicas} {.status.updatedReplicas}'), `${oldRev} 1 1`));
    assert.match(await s.k('rollout', 'status', 'sts/web', '--timeout=20s'), rolloutDone(1));
    // A deleted pod below the partition comes back at the current revision.
    await s.k('delete', 'pod', 'web-0');
    await eventually(async () => assert.match(await s.k('get', 'pod', 'web-0'), /1\/1\s+Running/));
    assert.equal(await jp('pod/web-0', '{.spec.containers[0].image} {.metadata.labels.controller-revision-hash}'), `${oldImage} ${oldRev}`);

    await s.k('patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}');
    assert.match(await s.k('rollout', 'status', 'sts/web', '--timeout=20s'), rolloutDone(2));
    assert.equal(await jp('sts/web', '{.status.currentRevision} {.status.updateRevision} {.status.currentReplicas}'), `${newRev} ${newRev} 2`);
    assert.match(await s.k('rollout', 'history', 'sts/web'), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);

    assert.equal(await s.k('rollout', 'undo', 'sts/web'), 'statefulset.apps/web rolled back\n');
    assert.match(await s.k('rollout', 'status', 'sts/web', '--timeout=20s'), rolloutDone(2));
    for (const p of ['web-0', 'web-1']) assert.equal(await jp(`pod/${p}`, '{.spec.containers[0].image}'), oldImage);
    // The rollback reuses the old revision under the next number (STS-31).
    assert.equal(await jp(`controllerrevision/${oldRev}`, '{.revision}'), '3');
    assert.equal(await jp('sts/web', '{.status.updateRevision}'), oldRev);
    assert.match(await s.k('rollout', 'history', 'sts/web'), /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
  });

  test('--cascade=orphan keeps the pods; a new set adopts them; a background delete removes pods but keeps claims', async () => {
    assert.equal(await s.k('delete', 'sts', 'web', '--cascade=orphan'), 'statefulset.apps "web" deleted\n');
    assert.equal(await jp('pod/web-0', '{.metadata.ownerReferences}'), '');
    const uid0 = await jp('pod/web-0', '{.metadata.uid}');
    const doc = readFileSync(join(fixtures, 'web.yml'), 'utf8').split(/^---$/m).find((d) => d.includes('StatefulSet'))!.replace('replicas: 2', 'replicas: 1');
    await create(doc);
    await eventually(async () => assert.equal(await jp('pod/web-0', '{.metadata.ownerReferences[0].name} {.metadata.uid}'), `web ${uid0}`));
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pod', 'web-1'])).code, 1), { message: 'web-1 is beyond replicas 1' });
    assert.equal(await s.k('delete', 'sts', 'web'), 'statefulset.apps "web" deleted\n');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pods', '-l', 'app=nginx'])).stderr, 'No resources found in default namespace.\n'));
    assert.match(await s.k('get', 'pvc', 'www-web-0', 'www-web-1', 'www-web-2'), /www-web-0\s+Bound[\s\S]*www-web-1\s+Bound[\s\S]*www-web-2\s+Bound/);
    assert.equal(await s.k('get', 'controllerrevisions', '-l', 'app=nginx', '-o', 'name'), '');
  });

  test('OrderedReady stops at a pod that never becomes Ready; Parallel creates every pod anyway', async () => {
    const never = { 'skiff.io/simulate-ready': 'false' };
    await create(yamlStream([sts('ord', { replicas: 3, annotations: never }), sts('par', { replicas: 3, parallel: true, annotations: never })]));
    await eventually(async () => assert.match(await s.k('get', 'pods', '-l', 'app=par'), /par-0\s+0\/1\s+Running[\s\S]*par-1\s+0\/1\s+Running[\s\S]*par-2\s+0\/1\s+Running/));
    await eventually(async () => assert.match(await s.k('get', 'pods', '-l', 'app=ord'), /^NAME.*\nord-0\s+0\/1\s+Running\s+0\s+\S+\n$/));
    // Still only ord-0 a while later; making it Ready lets ord-1 come.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await s.k('get', 'pods', '-l', 'app=ord', '-o', 'name'), 'pod/ord-0\n');
    assert.equal(await jp('sts/ord', '{.status.replicas} {.status.readyReplicas}'), '1 ');
    assert.match(await s.k('get', 'sts', 'par'), /par\s+0\/3\s/);
    await s.k('delete', 'sts', 'par');
  });

  test('whenScaled: Delete removes the claim of a scaled-down pod; whenDeleted: Delete gives claims to the set', async () => {
    await create(yamlStream([sts('ret', { replicas: 2, parallel: true, retention: { whenScaled: 'Delete', whenDeleted: 'Delete' } })]));
    await eventually(async () => assert.match(await s.k('get', 'sts', 'ret'), /ret\s+2\/2\s/));
    await eventually(async () => assert.equal(await jp('pvc/data-ret-1', '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller}'), 'StatefulSet/ret true'));
    await s.k('scale', 'sts', 'ret', '--replicas=1');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pvc', 'data-ret-1'])).code, 1), { message: 'data-ret-1 deleted with its pod' });
    assert.equal(await jp('pvc/data-ret-0', '{.status.phase}'), 'Bound');
    await s.k('delete', 'sts', 'ret');
    await eventually(async () => assert.equal((await s.kubectl(['get', 'pvc', 'data-ret-0'])).code, 1), { message: 'data-ret-0 deleted with the set' });
  });
});
