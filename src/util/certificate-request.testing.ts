// Test helpers (not imported by production code): PKCS#10 requests and a CA made in-process with @peculiar/x509.
import { webcrypto } from 'node:crypto';
import { ecdsaP256, certificateSerial, privateKeyPem } from './tls.js';
import * as x509 from '@peculiar/x509';
import type { CertificateAuthority } from './certificate-request.js';

export interface RequestSubject {
  /** An RFC 4514 name, e.g. `CN=system:node:n1, O=system:nodes`. */
  readonly name: string;
  readonly dns?: readonly string[];
  readonly ips?: readonly string[];
}

/** A PEM CERTIFICATE REQUEST signed by a fresh P-256 key. */
export async function requestPem(subject: RequestSubject): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const sans = [...(subject.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(subject.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  const req = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject.name, keys, signingAlgorithm: ecdsaP256, extensions: sans.length ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return `${req.toString('pem')}\n`;
}

/** A self-signed P-256 CA valid from `notBefore` for `days`. */
export async function testCa(notBefore = new Date(), days = 3650): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: certificateSerial(), name: 'CN=test-ca', notBefore, notAfter: new Date(notBefore.getTime() + days * 86_400_000), keys, signingAlgorithm: ecdsaP256,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return { certPem: `${cert.toString('pem')}\n`, keyPem: await privateKeyPem(keys.privateKey) };
}
