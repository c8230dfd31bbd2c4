// e2e: `skiff server --simulated-nodes N`: nodes register Ready with leases, pods bound to them go
// through the kubelet status sequence, terminate on deletion, and local-path volumes are provisioned for them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fixtures, kubectlAvailable, skiffBin, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const pod = (name: string, node: string, extra: { annotations?: Record<string, string>; readinessDelay?: number } = {}): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: {
    nodeName: node,
    containers: [{ name: 'web', image: 'nginx', ...(extra.readinessDelay ? { readinessProbe: { initialDelaySeconds: extra.readinessDelay, tcpSocket: { port: 80 } } } : {}) }],
  },
});

describe('simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });
  const create = (doc: string): Promise<string> => s.create(doc);

  test('node-1 … node-3 are Ready, labelled, with podCIDRs and kubelet leases', async () => {
    assert.match(await s.k('get', 'nodes'), /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nnode-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\nnode-2\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\nnode-3\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\n$/);
    assert.equal(await s.k('get', 'node', 'node-2', '-o', 'jsonpath={.metadata.labels.kubernetes\\.io/hostname} {.metadata.labels.kubernetes\\.io/os} {.spec.podCIDR} {.status.capacity.pods} {.status.addresses[0].address}'), 'node-2 linux 10.42.2.0/24 110 10.41.0.2');
    assert.equal(await s.k('get', 'lease', '-n', 'kube-node-lease', 'node-3', '-o', 'jsonpath={.spec.holderIdentity} {.spec.leaseDurationSeconds}'), 'node-3 40');
  });

  test('a pod bound to a simulated node runs and is Ready with an IP from the node podCIDR; deletion completes', async () => {
    await create(pod('web', 'node-2'));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'web', '-o', 'wide'), /web\s+1\/1\s+Running\s+0\s+\S+\s+10\.42\.2\.\d+\s+node-2\s/));
    assert.equal(await s.k('get', 'pod', 'web', '-o', 'jsonpath={.status.hostIP} {.status.conditions[?(@.type=="Ready")].status} {.status.containerStatuses[0].state.running.startedAt}').then((o) => o.replace(/\d{4}-\d\d-\d\dT\S+Z$/, 'T')), '10.41.0.2 True T');
    assert.equal(await s.k('delete', 'pod', 'web'), 'pod "web" deleted\n');
    assert.equal((await s.kubectl(['get', 'pod', 'web'])).code, 1);
  });

  test('readiness follows initialDelaySeconds; a pod can be kept unready or made to fail', async () => {
    // 5 s: the next two creates and the first get must fit in it on a loaded machine.
    await create(pod('slow', 'node-1', { readinessDelay: 5 }));
    await create(pod('never', 'node-1', { annotations: { 'skiff.io/simulate-ready': 'false' } }));
    await create(pod('broken', 'node-3', { annotations: { 'skiff.io/simulate-phase': 'Failed' } }));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'slow'), /slow\s+0\/1\s+Running/));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'slow'), /slow\s+1\/1\s+Running/), { timeoutMs: 15_000 });
    assert.match(await s.k('get', 'pod', 'never'), /never\s+0\/1\s+Running/);
    await eventually(async () => assert.match(await s.k('get', 'pod', 'broken'), /broken\s+0\/1\s+Error/));
  });

  test('local-path claims for a simulated node are provisioned as objects only', async () => {
    await create(JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'sim-data', annotations: { 'volume.kubernetes.io/selected-node': 'node-3' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }));
    await eventually(async () => assert.equal(await s.k('get', 'pvc', 'sim-data', '-o', 'jsonpath={.status.phase}'), 'Bound'));
    const pv = await s.k('get', 'pvc', 'sim-data', '-o', 'jsonpath={.spec.volumeName}');
    assert.equal(await s.k('get', 'pv', pv, '-o', 'jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}'), 'node-3');
    const storage = join(s.dataDir, 'storage');
    assert.equal(existsSync(storage) ? readdirSync(storage).length : 0, 0);
  });
});

describe('endpoints of a headless Service on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });

  test('seed 000 headless Service: Endpoints and EndpointSlices follow pod readiness with hostnames', async () => {
    const r = await s.kubectl(['create', '-f', join(fixtures, 'headless-svc.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    for (const [i, ready] of [[0, true], [1, false]] as const) {
      const doc = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, labels: { app: 'nginx' }, ...(ready ? {} : { annotations: { 'skiff.io/simulate-ready': 'false' } }) }, spec: { hostname: `web-${i}`, subdomain: 'nginx', containers: [{ name: 'nginx', image: 'nginx' }] } });
      await s.create(doc);
    }
    await eventually(async () => {
      assert.equal(await s.k('get', 'endpoints', 'nginx', '-o', 'jsonpath={.subsets[0].addresses[*].hostname}/{.subsets[0].notReadyAddresses[*].hostname}'), 'web-0/web-1');
    });
    assert.match(await s.k('get', 'endpoints', 'nginx'), /nginx\s+10\.42\.\d+\.\d+:80\s/);
    assert.equal(await s.k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx', '-o', 'jsonpath={.items[0].endpoints[*].hostname} {.items[0].endpoints[*].conditions.ready}'), 'web-0 web-1 true false');
    await s.k('delete', 'pod', 'web-0');
    await eventually(async () => assert.equal(await s.k('get', 'endpoints', 'nginx', '-o', 'jsonpath={.subsets[*].addresses[*].hostname}'), ''));
  });
});

describe('node lifecycle on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2', '--node-monitor-grace-period', '2s'] }); });
  after(async () => { await s?.stop(); });

  test('a node whose kubelet stops renewing its lease becomes NotReady and unreachable, and recovers', async () => {
    await s.k('annotate', 'node', 'node-2', 'skiff.io/simulate-heartbeat=stop');
    await eventually(async () => assert.match(await s.k('get', 'node', 'node-2'), /node-2\s+NotReady\s/), { timeoutMs: 15_000 });
    assert.equal(await s.k('get', 'node', 'node-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].reason} {.spec.taints[*].key}'), 'NodeStatusUnknown node.kubernetes.io/unreachable node.kubernetes.io/unreachable');
    assert.match(await s.k('get', 'node', 'node-1'), /node-1\s+Ready\s/);
    // The scheduler no longer places pods there.
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pinned' }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-2' }, containers: [{ name: 'c', image: 'x' }] } }));
    await eventually(async () => assert.match((await s.k('describe', 'pod', 'pinned')).split('Events:')[1] ?? '', /1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/unreachable: \}/));
    await s.k('annotate', 'node', 'node-2', 'skiff.io/simulate-heartbeat-');
    await eventually(async () => assert.match(await s.k('get', 'node', 'node-2'), /node-2\s+Ready\s/), { timeoutMs: 15_000 });
    await eventually(async () => assert.equal(await s.k('get', 'node', 'node-2', '-o', 'jsonpath={.spec.taints}'), ''), { timeoutMs: 15_000 });
    await eventually(async () => assert.equal(await s.k('get', 'pod', 'pinned', '-o', 'jsonpath={.spec.nodeName}'), 'node-2'), { timeoutMs: 15_000 });
  });
});

describe('skiff agent --simulate joining a --disable-agent server', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--disable-agent', '--simulated-nodes', '1', '--node-monitor-grace-period', '3s'] }); });
  after(async () => { await s?.stop(); });
  const agent = (...args: string[]) => {
    const p = spawn(process.execPath, [skiffBin, 'agent', '--server', s.url, '--ca-file', join(s.dataDir, 'tls', 'ca.crt'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    return { p, output: () => out, exited };
  };

  test('a wrong token is refused, the join token may not simulate nodes; the admin token joins node-2 and node-3, which run a StatefulSet with local-path claims', async () => {
    const bad = agent('--token', 'K10wrong', '--simulate', '1');
    assert.equal(await bad.exited, 1);
    assert.match(bad.output(), /Unauthorized/);
    // The join token is a bootstrap identity: it may ask for a node certificate, not write Nodes.
    const bootstrap = agent('--token-file', join(s.dataDir, 'tls', 'node-token'), '--simulate', '1', '--simulate-first', '9');
    try {
      await eventually(() => assert.match(bootstrap.output(), /nodes is forbidden: User "system:bootstrap:skiff-node-token" cannot create resource "nodes" in API group "" at the cluster scope/), { timeoutMs: 15_000 });
    } finally {
      bootstrap.p.kill('SIGTERM');
      await bootstrap.exited;
    }

    let dbPodOnNode3 = '';
    const a = agent('--token-file', join(s.dataDir, 'tls', 'admin.token'), '--simulate', '2', '--simulate-first', '2', '--lease-renew-interval', '500ms');
    try {
      await eventually(() => assert.match(a.output(), /Skiff agent joined https:\/\/127\.0\.0\.1:\d+ with simulated nodes node-2 … node-3\n/), { timeoutMs: 15_000 });
      assert.match(await s.k('get', 'nodes'), /^NAME.*\nnode-1\s+Ready\s.*\nnode-2\s+Ready\s.*\nnode-3\s+Ready\s.*\n$/);
      const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 3, podManagementPolicy: 'Parallel', serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres', resources: { requests: { cpu: '20' } } }] } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } };
      await s.create(JSON.stringify(sts));
      await eventually(async () => assert.match(await s.k('get', 'sts', 'db'), /db\s+3\/3\s/), { timeoutMs: 15_000 });
      // 20 CPUs each on 32-CPU nodes: one pod per node.
      const nodesOf = (await s.k('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[*].spec.nodeName}')).split(' ').sort();
      assert.deepEqual(nodesOf, ['node-1', 'node-2', 'node-3']);
      assert.equal(await s.k('get', 'pvc', '-l', 'app=db', '-o', 'jsonpath={.items[*].status.phase}'), 'Bound Bound Bound');
      const storage = join(s.dataDir, 'storage');
      assert.equal(existsSync(storage) ? readdirSync(storage).length : 0, 0, 'no directories for volumes on simulated nodes');
      // Every pod tolerates the not-ready and unreachable NoExecute taints for 300 s (DefaultTolerationSeconds) unless it says otherwise.
      const dbPod = (await s.k('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[?(@.spec.nodeName=="node-3")].metadata.name}')).trim();
      assert.equal(await s.k('get', 'pod', dbPod, '-o', 'jsonpath={range .spec.tolerations[*]}{.key}:{.effect}:{.tolerationSeconds} {end}'), 'node.kubernetes.io/not-ready:NoExecute:300 node.kubernetes.io/unreachable:NoExecute:300 ');
      const brief = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'brief' }, spec: { nodeName: 'node-3', tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }], containers: [{ name: 'c', image: 'busybox' }] } };
      await s.create(JSON.stringify(brief));
      await eventually(async () => assert.match(await s.k('get', 'pod', 'brief'), /brief\s+1\/1\s+Running/));
      dbPodOnNode3 = dbPod;
    } finally {
      a.p.kill('SIGTERM');
      assert.equal(await a.exited, 0);
    }
    // The agent is gone: its nodes stop renewing their leases and the node lifecycle controller marks them.
    await eventually(async () => assert.match(await s.k('get', 'nodes'), /node-1\s+Ready\s[\s\S]*node-2\s+NotReady\s[\s\S]*node-3\s+NotReady\s/), { timeoutMs: 15_000 });
    assert.match(await s.k('get', 'node', 'node-3', '-o', 'jsonpath={.spec.taints[*].key}'), /node\.kubernetes\.io\/unreachable/);
    // The pod that tolerates unreachable for 1 s is evicted (and stays Terminating: no kubelet finishes it); the others wait 300 s.
    await eventually(async () => assert.equal(await s.k('get', 'pod', 'brief', '-o', 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason} {.metadata.deletionTimestamp}').then((o) => o.replace(/\S+Z$/, 'T')), 'DeletionByTaintManager T'), { timeoutMs: 10_000 });
    assert.match((await s.k('describe', 'pod', 'brief')).split('Events:')[1]!, /Normal\s+TaintManagerEviction\s+\S+\s+taint-eviction-controller\s+Marking for deletion Pod default\/brief/);
    assert.match(await s.k('get', 'pod', 'brief'), /brief\s+1\/1\s+Terminating/);
    assert.equal(await s.k('get', 'pod', dbPodOnNode3, '-o', 'jsonpath={.metadata.deletionTimestamp}'), '');
  });
});

describe('simulated pods follow changes of their annotations', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split('/'), '-o', `jsonpath=${path}`);
  const readiness = '{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="ContainersReady")].status} {.status.containerStatuses[*].ready}';

  test('simulate-ready "false" on a Ready pod makes it NotReady within a second; removing it makes it Ready again', async () => {
    await s.create(pod('flip', 'node-1'));
    await s.k('wait', '--for=condition=Ready', 'pod/flip', '--timeout=10s');
    assert.equal(await s.k('annotate', 'pod', 'flip', 'skiff.io/simulate-ready=false', '--overwrite'), 'pod/flip annotated\n');
    assert.equal(await s.k('wait', '--for=condition=Ready=false', 'pod/flip', '--timeout=5s'), 'pod/flip condition met\n');
    // Within a second of the annotation, by the server's clock (both times have a resolution of one second).
    const [annotated, notReady] = (await jp('pod/flip', '{.metadata.managedFields[?(@.manager=="kubectl-annotate")].time} {.status.conditions[?(@.type=="Ready")].lastTransitionTime}')).split(' ');
    assert.ok(Date.parse(notReady!) - Date.parse(annotated!) <= 1000, `annotated at ${annotated}, NotReady at ${notReady}`);
    assert.equal(await jp('pod/flip', readiness), 'False False false');
    assert.match(await s.k('get', 'pod', 'flip'), /flip\s+0\/1\s+Running\s+0\s/);
    await s.k('annotate', 'pod', 'flip', 'skiff.io/simulate-ready-');
    await s.k('wait', '--for=condition=Ready', 'pod/flip', '--timeout=5s');
    assert.equal(await jp('pod/flip', readiness), 'True True true');
    // "true" counts as absent: a pod held back turns Ready when it is set.
    await s.k('annotate', 'pod', 'flip', 'skiff.io/simulate-ready=false', '--overwrite');
    await s.k('wait', '--for=condition=Ready=false', 'pod/flip', '--timeout=5s');
    await s.k('annotate', 'pod', 'flip', 'skiff.io/simulate-ready=true', '--overwrite');
    await s.k('wait', '--for=condition=Ready', 'pod/flip', '--timeout=5s');
  });

  test('simulate-phase Failed on a running pod makes it fail', async () => {
    await s.create(pod('doomed', 'node-2'));
    await s.k('wait', '--for=condition=Ready', 'pod/doomed', '--timeout=10s');
    const id = await jp('pod/doomed', '{.status.containerStatuses[0].containerID}');
    await s.k('annotate', 'pod', 'doomed', 'skiff.io/simulate-phase=Failed');
    await s.k('wait', '--for=jsonpath={.status.phase}=Failed', 'pod/doomed', '--timeout=5s');
    assert.equal(await jp('pod/doomed', '{.status.containerStatuses[0].containerID} {.status.containerStatuses[0].state.terminated.reason} {.status.conditions[?(@.type=="Ready")].status}'), `${id} Error False`);
    assert.match(await s.k('get', 'pod', 'doomed'), /doomed\s+0\/1\s+Error\s/);
  });

  test('OrderedReady: a scale-up and a rolling update wait while an earlier ordinal is NotReady, and go on once it is Ready', async () => {
    const set = (image: string, replicas: number): string => JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ord' },
      spec: { serviceName: 'ord', replicas, selector: { matchLabels: { app: 'ord' } }, template: { metadata: { labels: { app: 'ord' } }, spec: { containers: [{ name: 'c', image }] } } },
    });
    const ordPods = (path: string): Promise<string> => s.k('get', 'pods', '-l', 'app=ord', '-o', `jsonpath=${path}`);
    await s.create(set('busybox:1', 2));
    await eventually(async () => assert.equal(await jp('sts/ord', '{.status.readyReplicas}'), '2'), { timeoutMs: 15_000 });
    // Scale-up: ord-2 is not created while ord-0 is NotReady.
    await s.k('annotate', 'pod', 'ord-0', 'skiff.io/simulate-ready=false');
    await s.k('wait', '--for=condition=Ready=false', 'pod/ord-0', '--timeout=5s');
    await s.k('scale', 'sts', 'ord', '--replicas=3');
    await eventually(async () => assert.equal(await jp('sts/ord', '{.status.observedGeneration} {.status.readyReplicas}'), '2 1'));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await s.k('get', 'pods', '-l', 'app=ord', '-o', 'name'), 'pod/ord-0\npod/ord-1\n');
    await s.k('annotate', 'pod', 'ord-0', 'skiff.io/simulate-ready-');
    await eventually(async () => assert.equal(await jp('sts/ord', '{.status.readyReplicas}'), '3'), { timeoutMs: 15_000 });
    // Rolling update: nothing is replaced while ord-1 is NotReady, not even ord-2 above it.
    const uids = await ordPods('{.items[*].metadata.uid}');
    await s.k('annotate', 'pod', 'ord-1', 'skiff.io/simulate-ready=false');
    await s.k('wait', '--for=condition=Ready=false', 'pod/ord-1', '--timeout=5s');
    await s.k('set', 'image', 'sts/ord', 'c=busybox:2');
    await eventually(async () => assert.equal(await jp('sts/ord', '{.status.observedGeneration}'), '3'));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await ordPods('{.items[*].metadata.uid}'), uids);
    const [current, update] = (await jp('sts/ord', '{.status.currentRevision} {.status.updateRevision}')).split(' ');
    assert.notEqual(current, update);
    assert.equal(await ordPods('{.items[*].metadata.labels.controller-revision-hash}'), `${current} ${current} ${current}`);
    await s.k('annotate', 'pod', 'ord-1', 'skiff.io/simulate-ready-');
    const r = await s.kubectl(['rollout', 'status', 'sts/ord', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await ordPods('{.items[*].spec.containers[0].image}'), 'busybox:2 busybox:2 busybox:2');
  });
});
