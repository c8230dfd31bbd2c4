// e2e: `skiff agent` joins this machine to a server as a second real node, with the node token (k3s's
// model). Pods run under runc on the joined node; kubectl logs, exec, attach and get --raw of its stats reach
// its kubelet through the API server; the node serves cluster DNS to its pods; pods on the two nodes reach each
// other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, skiffBin, startSkiff, yamlStream, type SkiffProcess, killall } from '../support/skiff-process.js';
import { registryAvailable, startRegistry, type LocalRegistry } from '../support/local-registry.js';
import { busyboxAvailable, pushTestImages, type TestImages } from '../support/test-images.js';
import { eventually } from '../support/eventually.js';

const runc = ((): boolean => { try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const skip = process.getuid?.() !== 0 ? 'needs root (runc, mounts, network namespaces)' : !runc ? 'runc is not installed'
  : !registryAvailable() ? 'docker-registry is not installed' : !busyboxAvailable() ? 'busybox-static is not installed' : !kubectlAvailable() ? 'kubectl is not on PATH' : false;

describe('skiff agent joins a second real node to a server', { skip }, () => {
  let s: SkiffProcess;
  let registry: LocalRegistry;
  let images: TestImages;
  let agent: ChildProcess;
  let agentOut = '';
  const agentDir = mkdtempSync(join(tmpdir(), 'skiff-join-'));
  before(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    s = await startSkiff({ agent: true, args: ['--node-name', 'skiff-main'] });
    const token = readFileSync(join(s.dataDir, 'tls', 'node-token'), 'utf8').trim();
    agent = spawn(process.execPath, [skiffBin, 'agent', '--server', s.url, '--token', token, '--ca-file', join(s.dataDir, 'tls', 'ca.crt'), '--node-name', 'worker-1', '--data-dir', agentDir, '--kubelet-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout!.on('data', (d: Buffer) => { agentOut += d.toString(); });
    agent.stderr!.on('data', (d: Buffer) => { agentOut += d.toString(); });
    await eventually(() => assert.match(agentOut, /Skiff agent joined https:\/\/127\.0\.0\.1:\d+ as node worker-1: pods on 10\.\d+\.\d+\.0\/24, kubelet on port \d+\n/), { timeoutMs: 30_000 });
  });
  after(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    // The joined node's pods outlive its agent: killall stops them and removes its network.
    await killall(agentDir);
    await s?.stop();
    await registry?.stop();
    rmSync(agentDir, { recursive: true, force: true });
  });

  test('the joined node is Ready with runc; its pods log, exec (exit codes, stdin) and resolve cluster names', async () => {
    assert.match(await s.k('get', 'nodes', '-o', 'wide'), /\nworker-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.\d+\s+[\d.]+\s+<none>\s+.*runc:\/\/\S+\n$/);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] } };
    // web-0 on the server's own node, bb on the joined one.
    const web = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', labels: { app: 'nginx' } }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'skiff-main' }, hostname: 'web-0', subdomain: 'nginx', terminationGracePeriodSeconds: 1, containers: [{ name: 'nginx', image: images.nginx }] } };
    await s.create(yamlStream([svc, web]));
    await s.k('run', 'bb', '--image', images.busybox, '--overrides', JSON.stringify({ spec: { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } } }), '--', 'sh', '-c', 'echo hello from $(hostname); exec sleep 3600');
    await s.k('wait', '--for=condition=Ready', 'pod/bb', 'pod/web-0', '--timeout=60s');
    assert.equal(await s.k('get', 'pod', 'bb', '-o', 'jsonpath={.spec.nodeName}'), 'worker-1');
    await eventually(async () => assert.equal(await s.k('logs', 'bb'), 'hello from bb\n'));
    // Streams through the joined node's kubelet: logs -f until the container ends, attach to live output.
    await s.k('run', 'ticker', '--restart=Never', '--image', images.busybox, '--overrides', JSON.stringify({ spec: { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } } }), '--', 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do echo tick $i; sleep 0.4; done');
    await s.k('wait', '--for=condition=Ready', 'pod/ticker', '--timeout=60s');
    const attached = await s.kubectl(['attach', 'ticker'], { timeoutMs: 1500 });
    assert.match(attached.stdout, /tick \d\n/);
    const followed = await s.kubectl(['logs', '-f', 'ticker'], { timeoutMs: 20_000 });
    assert.deepEqual([followed.code, followed.stdout], [0, 'tick 1\ntick 2\ntick 3\ntick 4\ntick 5\ntick 6\ntick 7\ntick 8\n']);
    const ran = await s.kubectl(['exec', 'bb', '--', 'sh', '-c', 'hostname; exit 5']);
    assert.deepEqual([ran.code, ran.stdout, ran.stderr], [5, 'bb\n', 'command terminated with exit code 5\n']);
    const piped = await s.kubectl(['exec', '-i', 'bb', '--', 'wc', '-c'], { input: 'abcd' });
    assert.deepEqual([piped.code, piped.stdout.trim()], [0, '4']);
    const missing = await s.kubectl(['logs', 'bb', '-c', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /container nope is not valid for pod bb/);
    assert.equal(await s.k('get', 'pod', 'web-0', '-o', 'jsonpath={.spec.nodeName}'), 'skiff-main');
    // Across nodes: from worker-1's pod to skiff-main's, by the headless Service's name.
    assert.equal(await s.k('exec', 'bb', '--', 'wget', '-q', '-O-', 'http://web-0.nginx'), 'Welcome to nginx!\n');
    const ip = await s.k('get', 'pod', 'web-0', '-o', 'jsonpath={.status.podIP}');
    assert.match(await s.k('exec', 'bb', '--', 'nslookup', 'web-0.nginx.default.svc.cluster.local'), new RegExp(`Address:\\s+${ip.replaceAll('.', '\\.')}\\n`));
    // A ClusterIP Service: the joined node's proxy sends bb's connection to web-0 on the other node.
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-svc' }, spec: { selector: { app: 'nginx' }, ports: [{ port: 8000, targetPort: 80 }] } }));
    await eventually(async () => assert.equal(await s.k('exec', 'bb', '--', 'wget', '-q', '-O-', 'http://web-svc:8000'), 'Welcome to nginx!\n'), { timeoutMs: 10_000 });
    // port-forward to a pod on the joined node goes through its kubelet.
    await s.k('run', 'web-w', '--image', images.nginx, '--overrides', JSON.stringify({ spec: { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } } }));
    await s.k('wait', '--for=condition=Ready', 'pod/web-w', '--timeout=60s');
    const pf = spawn('kubectl', ['port-forward', 'pod/web-w', ':80'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    let out = '';
    pf.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      const local = await eventually(() => Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out)?.[1] ?? assert.fail(out)));
      const res = await fetch(`http://127.0.0.1:${local}/`);
      assert.deepEqual([res.status, await res.text()], [200, 'Welcome to nginx!\n']);
    } finally {
      pf.kill();
    }
    // The joined node's stats reach the API server over HTTPS too (nodes/worker-1/proxy).
    await eventually(async () => {
      const summary = JSON.parse(await s.k('get', '--raw', '/api/v1/nodes/worker-1/proxy/stats/summary')) as { node: { nodeName: string }; pods: { podRef: { name: string }; memory?: { workingSetBytes?: number } }[] };
      assert.equal(summary.node.nodeName, 'worker-1');
      assert.ok((summary.pods.find((p) => p.podRef.name === 'bb')?.memory?.workingSetBytes ?? 0) > 0, JSON.stringify(summary.pods.map((p) => p.podRef.name)));
    }, { timeoutMs: 25_000, intervalMs: 1000 });
    assert.match(await s.k('get', '--raw', '/api/v1/nodes/worker-1/proxy/metrics/resource'), /^container_memory_working_set_bytes\{container="bb",namespace="default",pod="bb"\} \S+ \d{13}$/m);
    await s.k('delete', 'pod', 'bb', 'web-0', 'web-w', 'ticker', '--grace-period=1', '--wait=true', '--timeout=60s');
  });

  test('the agent joined with its own certificate (TLS bootstrap); as system:node:worker-1 it reads only its own pods\' objects and writes only its own node', async () => {
    // The join token asked for the certificate; the approver admitted it and the signer issued it.
    assert.match(await s.k('get', 'csr'), /\nnode-csr-\S+\s+\S+\s+kubernetes\.io\/kube-apiserver-client-kubelet\s+system:bootstrap:skiff-node-token\s+<none>\s+Approved,Issued\n/);
    const asNode = (...args: string[]) => s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${join(s.dataDir, 'tls', 'ca.crt')}`, `--client-certificate=${join(agentDir, 'agent', 'kubelet-client.crt')}`, `--client-key=${join(agentDir, 'agent', 'kubelet-client.key')}`, ...args]);
    const whoami = await asNode('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}');
    assert.equal(whoami.stdout, 'system:node:worker-1 ["system:nodes","system:authenticated"]');
    // A Secret for a pod on each node: worker-1 may read its own pod's, not the other's.
    const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { key: name } });
    const user = (name: string, node: string, secretName: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: { nodeSelector: { 'kubernetes.io/hostname': node }, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: images.busybox, command: ['sh', '-c', 'cat /s/key; echo; exec sleep 3600'], volumeMounts: [{ name: 's', mountPath: '/s' }] }], volumes: [{ name: 's', secret: { secretName } }] },
    });
    await s.create(yamlStream([secret('mine'), secret('theirs'), user('mine', 'worker-1', 'mine'), user('theirs', 'skiff-main', 'theirs')]));
    await s.k('wait', '--for=condition=Ready', 'pod/mine', 'pod/theirs', '--timeout=60s');
    await eventually(async () => assert.equal(await s.k('logs', 'mine'), 'mine\n'));
    assert.equal((await asNode('get', 'secret', 'mine', '-o', 'jsonpath={.data.key}')).stdout, Buffer.from('mine').toString('base64'));
    const theirs = await asNode('get', 'secret', 'theirs');
    assert.equal(theirs.code, 1);
    assert.match(theirs.stderr, /Error from server \(Forbidden\): secrets "theirs" is forbidden: User "system:node:worker-1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'worker-1' and this object\n/);
    assert.match((await asNode('get', 'secrets')).stderr, /cannot list resource "secrets" in API group "" in the namespace "default": No Object name found/);
    assert.equal((await asNode('auth', 'can-i', 'get', 'secret/mine')).stdout, 'yes\n');
    // NodeRestriction: its own Node, not another's; pods only by their status.
    const label = await asNode('label', 'node', 'skiff-main', 'hijacked=yes');
    assert.match(label.stderr, /nodes "skiff-main" is forbidden: node "worker-1" is not allowed to modify node "skiff-main"/);
    assert.equal((await asNode('label', 'node', 'worker-1', 'rack=r1')).code, 0);
    assert.match((await asNode('label', 'node', 'worker-1', 'node-role.kubernetes.io/control-plane=')).stderr, /node "worker-1" is not allowed to modify the following labels: node-role\.kubernetes\.io\/control-plane/);
    assert.match((await asNode('delete', 'pod', 'theirs')).stderr, /pods "theirs" is forbidden: node "worker-1" can only delete pods with spec.nodeName set to itself/);
    assert.match((await asNode('run', 'rogue', '--image', images.busybox)).stderr, /node "worker-1" can only create mirror pods/);
    // The join token alone reads nothing.
    const token = readFileSync(join(s.dataDir, 'tls', 'node-token'), 'utf8').trim();
    const asBootstrap = await s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${join(s.dataDir, 'tls', 'ca.crt')}`, `--token=${token}`, 'get', 'secret', 'mine']);
    assert.match(asBootstrap.stderr, /User "system:bootstrap:skiff-node-token" cannot get resource "secrets"/);
    await s.k('delete', 'pod', 'mine', 'theirs', '--grace-period=1', '--wait=true', '--timeout=60s');
    await s.k('label', 'node', 'worker-1', 'rack-');
  });

  test('a ReadWriteOnce volume held by a pod on one node: a pod on the other waits with Multi-Attach error, then gets it with the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-join-disk-'));
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'disk' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'disk', hostPath: { path: dir }, claimRef: { namespace: 'default', name: 'disk' } } };
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'disk' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'disk', resources: { requests: { storage: '1Gi' } } } };
    const user = (name: string, node: string, script: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: { nodeSelector: { 'kubernetes.io/hostname': node }, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: images.busybox, command: ['sh', '-c', script], volumeMounts: [{ name: 'd', mountPath: '/data' }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'disk' } }] },
    });
    await s.create(yamlStream([pv, pvc, user('holder', 'skiff-main', 'echo written on $(hostname) > /data/f; exec sleep 3600')]));
    await s.k('wait', '--for=condition=Ready', 'pod/holder', '--timeout=60s');
    const node = (name: string, path: string): Promise<string> => s.k('get', 'node', name, '-o', `jsonpath=${path}`);
    assert.equal(await node('skiff-main', '{.status.volumesAttached[*].name}/{.status.volumesInUse[*]}'), 'kubernetes.io/host-path/disk/kubernetes.io/host-path/disk');
    await s.create(JSON.stringify(user('taker', 'worker-1', 'cat /data/f; exec sleep 3600')));
    await eventually(async () => assert.match((await s.k('describe', 'pod', 'taker')).split('Events:')[1] ?? '', /Warning\s+FailedAttachVolume\s+\S+\s+attachdetach-controller\s+Multi-Attach error for volume "disk" Volume is already used by pod\(s\) holder\n/), { timeoutMs: 20_000 });
    assert.match(await s.k('get', 'pod', 'taker'), /taker\s+0\/1\s+ContainerCreating\s+0/);
    assert.equal(await node('worker-1', '{.status.volumesAttached[*].name}/{.status.volumesInUse[*]}'), '/kubernetes.io/host-path/disk');
    // The holder stops; once its node no longer uses the volume it is detached there and attached to worker-1.
    await s.k('delete', 'pod', 'holder', '--wait=false');
    await s.k('wait', '--for=condition=Ready', 'pod/taker', '--timeout=60s');
    await eventually(async () => assert.equal(await s.k('logs', 'taker'), 'written on holder\n'));
    assert.equal(await node('skiff-main', '{.status.volumesAttached[*].name}/{.status.volumesInUse[*]}'), '/');
    assert.equal(await node('worker-1', '{.status.volumesAttached[*].name}'), 'kubernetes.io/host-path/disk');
    await s.k('delete', 'pod', 'taker', '--grace-period=1', '--wait=true', '--timeout=60s');
    rmSync(dir, { recursive: true, force: true });
  });
});
