import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../storage/index.js';
import { adoptClusterBootstrap, bootstrapKey, publishClusterBootstrap, seal, sharedTlsFiles, unseal } from './cluster-bootstrap.js';
import { loadOrCreateFrontProxyPki } from './front-proxy.js';
import { loadOrCreatePki } from './pki.js';

const sans = { dns: ['localhost'], ips: ['127.0.0.1'] };

test('seal()/unseal(): the node token opens the bootstrap data, another token does not', () => {
  const sealed = seal({ 'ca.crt': 'PEM' }, 'K10abc');
  assert.deepEqual(unseal(sealed, 'K10abc'), { 'ca.crt': 'PEM' });
  assert.equal(unseal(sealed, 'K10abd'), undefined);
  assert.doesNotMatch(Buffer.from(sealed).toString(), /PEM/);
});

test('the first server publishes the cluster\'s shared files; a second one takes them with --token and makes its own serving certificate', async (t) => {
  const first = mkdtempSync(join(tmpdir(), 'skiff-boot-a-'));
  const second = mkdtempSync(join(tmpdir(), 'skiff-boot-b-'));
  t.after(() => { rmSync(first, { recursive: true, force: true }); rmSync(second, { recursive: true, force: true }); });
  const store = new MemoryStore();
  assert.equal(await adoptClusterBootstrap(store, first, undefined), false);
  const a = await loadOrCreatePki(first, sans);
  await loadOrCreateFrontProxyPki(first);
  assert.equal(await publishClusterBootstrap(store, first), true);
  assert.equal(await publishClusterBootstrap(store, first), false, 'published once');
  assert.ok(await store.get(bootstrapKey));

  await assert.rejects(adoptClusterBootstrap(store, second, undefined), /start it with --token/);
  await assert.rejects(adoptClusterBootstrap(store, second, 'K10wrong'), /does not open with this token/);
  assert.equal(await adoptClusterBootstrap(store, second, a.nodeToken), true);
  const b = await loadOrCreatePki(second, { dns: ['localhost', 'server-b'], ips: ['127.0.0.2'] });
  for (const k of ['caCertPem', 'caKeyPem', 'adminCertPem', 'adminToken', 'nodeToken', 'kubeletClientCertPem', 'serviceAccountKeyPem'] as const) assert.equal(b[k], a[k], k);
  assert.notEqual(b.serverCertPem, a.serverCertPem, 'its own serving certificate');
  // The managed etcd's files exist only in clusters started with --cluster-init.
  for (const f of sharedTlsFiles.filter((f) => existsSync(join(first, f)))) assert.equal(readFileSync(join(second, f), 'utf8'), readFileSync(join(first, f), 'utf8'), f);
  assert.equal(sharedTlsFiles.filter((f) => !existsSync(join(first, f))).join(' '), 'etcd-ca.crt etcd-ca.key etcd-client.crt etcd-client.key');
  // Restarted, the second server needs no --token: it holds the node token.
  assert.equal(await adoptClusterBootstrap(store, second, undefined), true);
});

test('a data dir of another cluster is refused on a datastore that holds bootstrap data', async (t) => {
  const a = mkdtempSync(join(tmpdir(), 'skiff-boot-a-'));
  const other = mkdtempSync(join(tmpdir(), 'skiff-boot-o-'));
  t.after(() => { rmSync(a, { recursive: true, force: true }); rmSync(other, { recursive: true, force: true }); });
  const store = new MemoryStore();
  const pki = await loadOrCreatePki(a, sans);
  await publishClusterBootstrap(store, a);
  await loadOrCreatePki(other, sans);
  writeFileSync(join(other, 'node-token'), pki.nodeToken);
  await assert.rejects(adoptClusterBootstrap(store, other, undefined), /holds the certificates of another cluster/);
});
