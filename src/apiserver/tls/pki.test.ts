import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreatePki } from './pki.js';

test('loadOrCreatePki() keeps the CA key (0600) and re-issues only the serving certificate when the SANs change', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] });
  assert.equal(statSync(join(dir, 'ca.key')).mode & 0o777, 0o600);
  assert.match(first.caKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.deepEqual(await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] }), first);

  const moved = await loadOrCreatePki(dir, { dns: ['localhost', 'skiff.example'], ips: ['127.0.0.1', '10.1.2.3'] });
  assert.deepEqual([moved.caCertPem, moved.caKeyPem, moved.adminCertPem, moved.adminToken, moved.nodeToken], [first.caCertPem, first.caKeyPem, first.adminCertPem, first.adminToken, first.nodeToken]);
  assert.notEqual(moved.serverCertPem, first.serverCertPem);
  const serving = new X509Certificate(moved.serverCertPem);
  assert.match(serving.subjectAltName ?? '', /DNS:skiff\.example/);
  assert.match(serving.subjectAltName ?? '', /IP Address:10\.1\.2\.3/);
  assert.ok(serving.verify(new X509Certificate(first.caCertPem).publicKey));
  assert.deepEqual(await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] }), moved);
});

test('loadOrCreatePki() gives a data dir without ca.key a new CA, keeping its tokens', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const old = await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] });
  unlinkSync(join(dir, 'ca.key'));
  const fresh = await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] });
  assert.notEqual(fresh.caCertPem, old.caCertPem);
  assert.deepEqual([fresh.adminToken, fresh.nodeToken], [old.adminToken, old.nodeToken]);
  assert.equal(statSync(join(dir, 'ca.key')).mode & 0o777, 0o600);
  assert.ok(new X509Certificate(fresh.serverCertPem).verify(new X509Certificate(fresh.caCertPem).publicKey));
  assert.deepEqual(await loadOrCreatePki(dir, { dns: ['localhost'], ips: ['127.0.0.1'] }), fresh);
});
