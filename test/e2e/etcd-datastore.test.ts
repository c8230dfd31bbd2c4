// e2e: `skiff server --datastore etcd://…` against an etcd started here: kubectl create/get/list/
// watch/delete, kube-apiserver-style keys in etcd, and a restarted server keeps everything.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { kubectlAvailable, startSkiff } from '../support/skiff-process.js';
import { etcdMissing, startEtcd, type EtcdCluster } from '../../src/storage/etcd/etcd-test-member.js';

const skip = etcdMissing() ?? (kubectlAvailable() ? undefined : 'kubectl is not installed');
let etcd: EtcdCluster | undefined;
before(async () => { if (!skip) etcd = await startEtcd(1); });
after(async () => { await etcd?.stop(); });

test('skiff server on etcd: kubectl CRUD and watch, /registry keys, a restart keeps everything', { skip, timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-etcd-e2e-'));
  const args = ['--datastore', etcd!.url];
  let server = await startSkiff({ dataDir, args });
  try {
    await server.create(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { a: '1' } }));
    // A watch started before the second create sees it.
    const cacheDir = mkdtempSync(join(tmpdir(), 'skiff-kcache-'));
    const watcher = spawn('kubectl', ['--cache-dir', cacheDir, 'get', 'configmaps', '-n', 'default', '--watch-only', '-o', 'name'], { env: { ...process.env, KUBECONFIG: server.kubeconfig } });
    let watched = '';
    watcher.stdout.on('data', (d: Buffer) => { watched += d.toString(); });
    await new Promise((r) => setTimeout(r, 1500));
    await server.create(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default' }, data: { b: '2' } }));
    for (let i = 0; i < 100 && !watched.includes('configmap/two'); i++) await new Promise((r) => setTimeout(r, 100));
    watcher.kill();
    rmSync(cacheDir, { recursive: true, force: true });
    assert.match(watched, /configmap\/two/);
    assert.equal((await server.k('get', 'configmap', 'one', '-n', 'default', '-o', 'jsonpath={.data.a}')).trim(), '1');
    const names = (await server.k('get', 'configmaps', '-n', 'default', '-o', 'name')).split('\n').filter((l) => l.includes('configmap/'));
    assert.ok(names.includes('configmap/one') && names.includes('configmap/two'), names.join(','));
    await server.k('delete', 'configmap', 'two', '-n', 'default');
    const keys = etcd!.etcdctl('get', '--prefix', '/registry', '--keys-only').split('\n').filter((l) => l !== '');
    assert.ok(keys.includes('/registry/core/configmaps/default/one'), keys.slice(0, 20).join('\n'));
    assert.ok(!keys.includes('/registry/core/configmaps/default/two'));
    assert.ok(keys.includes('/registry/core/namespaces/default'));
    const rv = (await server.k('get', 'configmap', 'one', '-n', 'default', '-o', 'jsonpath={.metadata.resourceVersion}')).trim();
    const json = JSON.parse(etcd!.etcdctl('get', '/registry/core/configmaps/default/one', '-w', 'json')) as { kvs: { mod_revision: number }[] };
    assert.equal(rv, String(json.kvs[0]!.mod_revision), 'resourceVersion is the etcd mod_revision');

    await server.stop();
    server = await startSkiff({ dataDir, args });
    assert.equal((await server.k('get', 'configmap', 'one', '-n', 'default', '-o', 'jsonpath={.metadata.resourceVersion}')).trim(), rv);
    assert.equal((await server.kubectl(['get', 'configmap', 'two', '-n', 'default'])).code, 1);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('skiff server on an etcd that serves TLS with client certificates (--datastore-cafile/-certfile/-keyfile)', { skip, timeout: 120_000 }, async () => {
  const secure = await startEtcd(1, { tls: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-etcd-tls-e2e-'));
  const { caFile, certFile, keyFile } = secure.tls!;
  const server = await startSkiff({ dataDir, args: ['--datastore', secure.url, '--datastore-cafile', caFile, '--datastore-certfile', certFile, '--datastore-keyfile', keyFile] });
  try {
    await server.k('create', 'configmap', 'over-tls', '--from-literal=a=b');
    assert.equal(await server.k('get', 'configmap', 'over-tls', '-o', 'jsonpath={.data.a}'), 'b');
    assert.ok(secure.etcdctl('get', '--prefix', '/registry', '--keys-only').includes('/registry/core/configmaps/default/over-tls'));
  } finally {
    await server.stop();
    await secure.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
