// e2e (issue 17, k3s's embedded HA): `skiff server --cluster-init` runs an etcd member of its own as its datastore;
// two more servers join with `--server URL --token T`, each adding a member of its own. kubectl works against each
// and sees one cluster; with the first server and its etcd member killed, the other two keep the quorum and serve
// writes, and one of them leads the controllers. Each server on its own address added to lo (192.0.2.12-14).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { etcdMissing, freePort } from '../../src/storage/etcd/etcd-test-member.js';
import { eventually } from '../support/eventually.js';
import { httpsGet } from '../support/https-get.js';

const skip = etcdMissing() ?? (kubectlAvailable() ? undefined : 'kubectl is not installed') ?? (process.getuid?.() === 0 ? undefined : 'the servers\' addresses go on the loopback interface: root only');

describe('embedded etcd: --cluster-init, and servers that join it', { skip }, () => {
  const addresses = ['192.0.2.12', '192.0.2.13', '192.0.2.14'];
  const servers: SkiffProcess[] = [];
  let port = 0;
  const etcdPorts: { client: number; peer: number }[] = [];

  const start = (i: number, extra: readonly string[]): Promise<SkiffProcess> => startSkiff({
    args: ['--bind-address', addresses[i]!, '--advertise-address', addresses[i]!, '--https-listen-port', String(port), '--etcd-client-port', String(etcdPorts[i]!.client), '--etcd-peer-port', String(etcdPorts[i]!.peer), '--node-name', `server-${i}`, ...extra],
  });
  const etcdctl = (via: SkiffProcess, ...args: string[]): string => {
    const tls = join(via.dataDir, 'tls');
    return execFileSync('etcdctl', ['--endpoints', `https://${addresses[servers.indexOf(via)]}:${etcdPorts[servers.indexOf(via)]!.client}`, '--cacert', join(tls, 'etcd-ca.crt'), '--cert', join(tls, 'etcd-client.crt'), '--key', join(tls, 'etcd-client.key'), ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
  };
  const etcdPid = (s: SkiffProcess): number => Number(readFileSync(join(s.dataDir, 'db', 'etcd.pid'), 'utf8'));

  before(async () => {
    for (const a of addresses) execFileSync('ip', ['addr', 'replace', `${a}/32`, 'dev', 'lo']);
    port = await freePort();
    for (let i = 0; i < 3; i++) etcdPorts.push({ client: await freePort(), peer: await freePort() });
    servers.push(await start(0, ['--cluster-init']));
    const token = readFileSync(join(servers[0]!.dataDir, 'tls', 'node-token'), 'utf8').trim();
    servers.push(await start(1, ['--server', `https://${addresses[0]}:${port}`, '--token', token]));
    servers.push(await start(2, ['--server', `https://${addresses[1]}:${port}`, '--token', token]));
  });
  after(async () => {
    for (const s of servers) {
      const pid = ((): number | undefined => { try { return etcdPid(s); } catch { return undefined; } })();
      await s.stop();
      if (pid) { try { process.kill(pid, 'SIGKILL'); } catch { /* stopped with its server */ } }
    }
    for (const a of addresses) { try { execFileSync('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo']); } catch { /* not added */ } }
  });

  test('three servers, three etcd members, one cluster through kubectl', async () => {
    const members = etcdctl(servers[2]!, 'member', 'list');
    assert.equal(members.trim().split('\n').filter((l) => l.includes(', started, ')).length, 3, members);
    for (const s of servers) assert.match(s.output(), /Managed etcd member \S+ on https:\/\/192\.0\.2\.1[234]:\d+\n/);
    await servers[2]!.k('create', 'configmap', 'from-c', '--from-literal=k=c');
    await eventually(async () => assert.equal(await servers[0]!.k('get', 'configmap', 'from-c', '-o', 'jsonpath={.data.k}'), 'c'));
    await eventually(async () => assert.equal(await servers[1]!.k('get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[*].ip}'), addresses.join(' ')), { timeoutMs: 20_000 });
    // What joining servers fetch is only for the node token's bearer.
    const token = readFileSync(join(servers[0]!.dataDir, 'tls', 'node-token'), 'utf8').trim();
    assert.equal((await httpsGet(`${servers[1]!.url}/skiff/v1/server-bootstrap`, { token: 'K10wrong' })).code, 401);
    assert.equal((await httpsGet(`${servers[1]!.url}/skiff/v1/server-bootstrap`)).code, 401);
    const answer = await httpsGet(`${servers[1]!.url}/skiff/v1/server-bootstrap`, { token });
    assert.equal(answer.code, 200);
    assert.deepEqual(Object.keys(JSON.parse(answer.body) as object), ['sealed', 'etcdClientUrls']);
    assert.doesNotMatch(answer.body, /BEGIN/, 'the certificates and keys are sealed');
    // The same admin credentials work against every server (shared CA).
    const viaA = await servers[0]!.kubectl(['get', 'configmap', 'from-c', '--server', servers[1]!.url, '-o', 'name']);
    assert.equal(viaA.stdout, 'configmap/from-c\n', viaA.stderr);
  });

  test('the first server and its etcd member killed: the other two keep the quorum, serve writes and lead', async () => {
    const first = servers[0]!;
    const pid = etcdPid(first);
    first.child.kill('SIGKILL');
    process.kill(pid, 'SIGKILL');
    const [b, c] = [servers[1]!, servers[2]!];
    await eventually(async () => { await b.k('create', 'configmap', `after-kill-${Date.now()}`, '--from-literal=a=b'); }, { timeoutMs: 30_000 });
    await c.k('create', 'configmap', 'after-kill-c', '--from-literal=a=b');
    await eventually(async () => assert.match(await b.k('get', 'configmap', 'after-kill-c', '-o', 'name'), /after-kill-c/));
    const leader = (): Promise<string> => c.k('get', 'lease', '-n', 'kube-system', 'kube-controller-manager', '-o', 'jsonpath={.spec.holderIdentity}');
    await eventually(async () => {
      const id = await leader();
      assert.ok(b.output().includes(`Leader election identity ${id}\n`) || c.output().includes(`Leader election identity ${id}\n`), `holder ${id} is a live server`);
    }, { timeoutMs: 40_000 });
    // The controllers run: a Deployment gets its ReplicaSet.
    await c.k('create', 'deployment', 'after-kill', '--image=nginx');
    await eventually(async () => assert.match(await b.k('get', 'rs', '-l', 'app=after-kill', '-o', 'name'), /replicaset\.apps\/after-kill-/), { timeoutMs: 30_000 });
    // Removing the dead server (its Node deleted, as k3s) removes its etcd member.
    await b.create(JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'server-0' } }));
    await b.k('delete', 'node', 'server-0');
    await eventually(() => {
      const members = etcdctl(b, 'member', 'list');
      assert.equal(members.trim().split('\n').length, 2, members);
      assert.doesNotMatch(members, /server-0-/);
    }, { timeoutMs: 30_000 });
  });
});
