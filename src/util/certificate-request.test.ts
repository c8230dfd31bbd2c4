import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { checkCertificateRequestSignature, issueCertificate, parseCertificateRequest } from './certificate-request.js';
import { requestPem, testCa } from './certificate-request.testing.js';

const ca = await testCa();
const node = await requestPem({ name: 'CN=system:node:n1, O=system:nodes', dns: ['n1.example'], ips: ['10.0.0.7'] });

test('parseCertificateRequest() reads the subject and subject alternative names', () => {
  const info = parseCertificateRequest(node);
  assert.deepEqual([info.commonName, info.organizations, info.dnsNames, info.ipAddresses, info.emailAddresses, info.uris], ['system:node:n1', ['system:nodes'], ['n1.example'], ['10.0.0.7'], [], []]);
  checkCertificateRequestSignature(info);
});

test('parseCertificateRequest() rejects other PEM blocks with the upstream message', () => {
  assert.throws(() => parseCertificateRequest(ca.certPem), { message: 'PEM block type must be CERTIFICATE REQUEST' });
  assert.throws(() => parseCertificateRequest('hello'), { message: 'PEM block type must be CERTIFICATE REQUEST' });
});

test('checkCertificateRequestSignature() fails for a request whose signed part was altered', () => {
  const b64 = node.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(b64, 'base64');
  // Flip a byte inside the subject's CN value (system:node:n1 → system:node:n2).
  const at = der.indexOf(Buffer.from('system:node:n1'));
  der[at + 13] = '2'.charCodeAt(0);
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  const info = parseCertificateRequest(tampered);
  assert.equal(info.commonName, 'system:node:n2');
  assert.throws(() => checkCertificateRequestSignature(info), { message: 'x509: ECDSA verification failure' });
});

test('issueCertificate() issues a leaf for the request: subject, SANs, usages and validity, signed by the CA', async () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2026-01-02T00:00:00Z');
  const pem = await issueCertificate(ca, { requestPem: node, usages: ['digital signature', 'key encipherment', 'client auth', 'server auth'], notBefore, notAfter });
  const cert = new X509Certificate(pem);
  assert.equal(cert.subject, 'CN=system:node:n1\nO=system:nodes');
  assert.equal(cert.issuer, 'CN=test-ca');
  assert.equal(cert.subjectAltName, 'DNS:n1.example, IP Address:10.0.0.7');
  assert.deepEqual([Date.parse(cert.validFrom), Date.parse(cert.validTo)], [notBefore.getTime(), notAfter.getTime()]);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.1']);
  assert.equal(cert.ca, false);
  assert.ok(cert.checkIssued(new X509Certificate(ca.certPem)));
  assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
  const requested = createPublicKey({ key: Buffer.from(parseCertificateRequest(node).request.publicKey.rawData), format: 'der', type: 'spki' });
  assert.ok(cert.publicKey.equals(requested));
});
