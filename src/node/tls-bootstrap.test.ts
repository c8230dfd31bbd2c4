import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateRequest, selfSignedServingCertificate } from '../util/tls.js';
import { issueCertificate } from '../util/certificate-request.js';
import { usableClientCertificate } from './tls-bootstrap.js';

test('usableClientCertificate: the node\'s own certificate of this CA with more than a day left', async () => {
  const ca = await selfSignedServingCertificate('test-ca', { dns: [], ips: [] });
  const other = await selfSignedServingCertificate('other-ca', { dns: [], ips: [] });
  const now = Date.now();
  const { csrPem } = await certificateRequest('CN=system:node:n1, O=system:nodes');
  const certPem = await issueCertificate(ca, { requestPem: csrPem, usages: ['digital signature', 'client auth'], notBefore: new Date(now - 300_000), notAfter: new Date(now + 30 * 24 * 3600_000) });
  assert.equal(usableClientCertificate(certPem, ca.certPem, 'n1', now), true);
  assert.equal(usableClientCertificate(certPem, ca.certPem, 'n2', now), false, 'another node');
  assert.equal(usableClientCertificate(certPem, other.certPem, 'n1', now), false, 'another CA (the server\'s data dir was replaced)');
  assert.equal(usableClientCertificate(certPem, ca.certPem, 'n1', now + 29.5 * 24 * 3600_000), false, 'less than a day left');
  assert.equal(usableClientCertificate('garbage', ca.certPem, 'n1', now), false);
});
