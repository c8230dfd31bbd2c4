// e2e: `skiff server --simulated-nodes N`: nodes register Ready with leases, pods bound to them go
// through the kubelet status sequence, terminate on deletion, and local-path volumes are provisioned for them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
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
  const create = async (doc: string): Promise<void> => {
    const r = await s.kubectl(['create', '-f', '-'], { input: doc });
    assert.equal(r.code, 0, r.stderr);
  };

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
    await create(pod('slow', 'node-1', { readinessDelay: 2 }));
    await create(pod('never', 'node-1', { annotations: { 'skiff.io/simulate-ready': 'false' } }));
    await create(pod('broken', 'node-3', { annotations: { 'skiff.io/simulate-phase': 'Failed' } }));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'slow'), /slow\s+0\/1\s+Running/));
    await eventually(async () => assert.match(await s.k('get', 'pod', 'slow'), /slow\s+1\/1\s+Running/), { timeoutMs: 10_000 });
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
      const c = await s.kubectl(['create', '-f', '-'], { input: doc });
      assert.equal(c.code, 0, c.stderr);
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
    const r = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pinned' }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-2' }, containers: [{ name: 'c', image: 'x' }] } }) });
    assert.equal(r.code, 0, r.stderr);
    await eventually(async () => assert.match((await s.k('describe', 'pod', 'pinned')).split('Events:')[1] ?? '', /1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/unreachable: \}/));
    await s.k('annotate', 'node', 'node-2', 'skiff.io/simulate-heartbeat-');
    await eventually(async () => assert.match(await s.k('get', 'node', 'node-2'), /node-2\s+Ready\s/), { timeoutMs: 15_000 });
    await eventually(async () => assert.equal(await s.k('get', 'node', 'node-2', '-o', 'jsonpath={.spec.taints}'), ''), { timeoutMs: 15_000 });
    await eventually(async () => assert.equal(await s.k('get', 'pod', 'pinned', '-o', 'jsonpath={.spec.nodeName}'), 'node-2'), { timeoutMs: 15_000 });
  });
});
