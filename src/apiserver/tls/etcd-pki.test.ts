import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateEtcdPki } from './etcd-pki.js';

test('loadOrCreateEtcdPki(): a CA, a client certificate and a member certificate for its addresses; the shared parts stay, the member certificate follows new addresses', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-etcd-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await loadOrCreateEtcdPki(dir, ['10.0.0.1']);
  const ca = new X509Certificate(readFileSync(first.caFile));
  const member = new X509Certificate(readFileSync(first.memberCertFile));
  const client = new X509Certificate(readFileSync(first.clientCertFile));
  assert.ok(member.checkIssued(ca) && client.checkIssued(ca));
  assert.match(member.subjectAltName ?? '', /IP Address:127\.0\.0\.1.*IP Address:10\.0\.0\.1/);
  const caPem = readFileSync(first.caFile, 'utf8');
  const clientPem = readFileSync(first.clientCertFile, 'utf8');
  await loadOrCreateEtcdPki(dir, ['10.0.0.1', '10.0.0.2']);
  assert.equal(readFileSync(first.caFile, 'utf8'), caPem, 'the CA stays');
  assert.equal(readFileSync(first.clientCertFile, 'utf8'), clientPem, 'the client certificate stays');
  assert.match(new X509Certificate(readFileSync(first.memberCertFile)).subjectAltName ?? '', /IP Address:10\.0\.0\.2/);
});
