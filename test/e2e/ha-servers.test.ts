// e2e (issue 17): three `skiff server`s on a three-member etcd cluster, on one machine: each on its own address the test adds to
// the loopback interface (192.0.2.2-4, TEST-NET-1: local to this machine; Endpoints may not name 127.0.0.0/8), one port. kubectl works against each; the `kubernetes` Service lists all three; one server leads the
// controllers and the scheduler (Leases kube-controller-manager and kube-scheduler). Killing the leader with SIGKILL
// during 1,000 concurrent creates and a StatefulSet rollout: another server leads within 20 s, the rollout
// completes, every acknowledged create is there. Killing an etcd member: writes go on; it comes back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { postJson } from '../support/https-get.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, skiffBin, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { etcdMissing, freePort, startEtcd, type EtcdCluster } from '../../src/storage/etcd/etcd-test-member.js';
import { eventually } from '../support/eventually.js';

const skip = etcdMissing() ?? (kubectlAvailable() ? undefined : 'kubectl is not installed') ?? (process.getuid?.() === 0 ? undefined : 'the servers\' addresses go on the loopback interface: root only');


describe('several servers on one etcd cluster', { skip }, () => {
  let etcd: EtcdCluster;
  const servers: SkiffProcess[] = [];
  const addresses = ['192.0.2.2', '192.0.2.3', '192.0.2.4'];
  let port = 0;
  let token = '';
  let agent: ChildProcess | undefined;
  const agentDir = mkdtempSync(join(tmpdir(), 'skiff-ha-agent-'));

  const startServer = async (i: number): Promise<SkiffProcess> => startSkiff({
    args: ['--datastore', etcd.url, '--bind-address', addresses[i]!, '--advertise-address', addresses[i]!, '--https-listen-port', String(port), ...(token ? ['--token', token] : []), '--node-monitor-grace-period', '20s'],
  });
  /** The server whose identity holds the Lease (undefined: none of them). */
  const holder = async (via: SkiffProcess, lease: string): Promise<number | undefined> => {
    const id = (await via.k('get', 'lease', '-n', 'kube-system', lease, '-o', 'jsonpath={.spec.holderIdentity}')).trim();
    const i = servers.findIndex((s) => s.output().includes(`Leader election identity ${id}\n`));
    return i >= 0 ? i : undefined;
  };

  before(async () => {
    for (const a of addresses) execFileSync('ip', ['addr', 'replace', `${a}/32`, 'dev', 'lo']);
    etcd = await startEtcd(3);
    port = await freePort();
    servers.push(await startServer(0));
    token = readFileSync(join(servers[0]!.dataDir, 'tls', 'node-token'), 'utf8').trim();
    servers.push(await startServer(1), await startServer(2));
    // Simulated nodes (which act with the admin's token, shared by the servers), joined to all three servers.
    agent = spawn(process.execPath, [skiffBin, 'agent', '--server', addresses.map((a) => `https://${a}:${port}`).join(','), '--token-file', join(servers[1]!.dataDir, 'tls', 'admin.token'), '--ca-file', join(servers[2]!.dataDir, 'tls', 'ca.crt'), '--simulate', '3', '--lease-renew-interval', '2s', '--data-dir', agentDir], { stdio: 'ignore' });
  });
  after(async () => {
    agent?.kill('SIGTERM');
    for (const s of servers) await s.stop('SIGKILL');
    await etcd?.stop();
    rmSync(agentDir, { recursive: true, force: true });
    for (const a of addresses) { try { execFileSync('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo']); } catch { /* not added */ } }
  });

  test('kubectl against each server sees one cluster; the kubernetes Service lists the three; one server leads', async () => {
    await servers[0]!.k('create', 'configmap', 'from-a', '--from-literal=k=a');
    await servers[1]!.k('create', 'configmap', 'from-b', '--from-literal=k=b');
    for (const s of servers) {
      await eventually(async () => assert.match(await s.k('get', 'configmaps', '-o', 'name'), /configmap\/from-a\nconfigmap\/from-b\n/));
    }
    await eventually(async () => assert.equal(await servers[2]!.k('get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[*].ip}'), addresses.join(' ')), { timeoutMs: 20_000 });
    await eventually(async () => assert.match(await servers[2]!.k('get', 'nodes', '--no-headers'), /node-3\s+Ready/), { timeoutMs: 30_000 });
    const cm = await holder(servers[1]!, 'kube-controller-manager');
    const sched = await holder(servers[1]!, 'kube-scheduler');
    assert.ok(cm !== undefined && sched !== undefined, 'a server holds each lease');
    // ClusterIPs handed out by different servers at once never collide.
    await Promise.all(servers.flatMap((s, i) => [0, 1, 2].map((j) => s.k('create', 'service', 'clusterip', `svc-${i}-${j}`, '--tcp=80'))));
    const ips = (await servers[0]!.k('get', 'services', '-o', 'jsonpath={.items[*].spec.clusterIP}')).split(' ');
    assert.equal(new Set(ips).size, ips.length, `distinct ClusterIPs: ${ips.join(' ')}`);
  });

  test('SIGKILL of the leader during 1,000 creates and a StatefulSet rollout: another leads within 20 s, the rollout completes, no acknowledged create is lost', async (t) => {
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
    };
    const some = servers[0]!;
    await some.create(yamlStream([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } }, sts]));
    await eventually(async () => assert.match(await some.k('get', 'sts', 'web'), /web\s+3\/3\s/), { timeoutMs: 60_000 });
    const leader = (await holder(some, 'kube-controller-manager'))!;
    const other = servers.findIndex((_, i) => i !== leader);
    const survivor = servers[other]!;
    await survivor.k('set', 'image', 'statefulset/web', 'web=nginx:2');
    const tls = join(survivor.dataDir, 'tls');
    const https = new Agent({ keepAlive: true, maxSockets: 100, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) });
    const url = new URL(survivor.url);
    const acked: string[] = [];
    let killedAt = 0;
    await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const code = await postJson(https, url, '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } });
      if (code === 201) acked.push(`cm-${i}`);
      if (acked.length === 300 && !killedAt) { killedAt = Date.now(); servers[leader]!.child.kill('SIGKILL'); }
    }));
    https.destroy();
    assert.ok(killedAt > 0, 'the leader was killed during the creates');
    let newLeader: number | undefined;
    await eventually(async () => {
      newLeader = await holder(survivor, 'kube-controller-manager');
      assert.ok(newLeader !== undefined && newLeader !== leader, `leader now ${newLeader}`);
    }, { timeoutMs: 25_000, intervalMs: 250 });
    const tookOverMs = Date.now() - killedAt;
    t.diagnostic(`another server leads the controllers ${tookOverMs} ms after the leader was killed; ${acked.length} of 1000 creates acknowledged`);
    assert.ok(tookOverMs <= 20_000 + 1000, `another server leads ${tookOverMs} ms after the kill`);
    await eventually(async () => assert.ok((await holder(survivor, 'kube-scheduler')) !== leader, 'the scheduler moved too'), { timeoutMs: 25_000 });
    const names = new Set((await survivor.k('get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}')).split(' '));
    assert.deepEqual(acked.filter((n) => !names.has(n)), [], 'every acknowledged create is there');
    const status = await survivor.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=120s'], { timeoutMs: 130_000 });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(await survivor.k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}'), 'nginx:2 nginx:2 nginx:2');
  });

  test('an etcd member killed: writes go on through every live server; it comes back', async () => {
    const live = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    await etcd.killMember(2);
    for (const [i, s] of live.entries()) await s.k('create', 'configmap', `member-down-${i}`, '--from-literal=a=b');
    etcd.restartMember(2);
    await eventually(() => { etcd.etcdctl('endpoint', 'health', '--cluster'); }, { timeoutMs: 30_000 });
    await live[0]!.k('create', 'configmap', 'member-back', '--from-literal=a=b');
    await eventually(async () => assert.match(await live.at(-1)!.k('get', 'configmap', 'member-back', '-o', 'name'), /member-back/));
  });
});
