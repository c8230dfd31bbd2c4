// Certificate helpers (ECDSA P-256): PEM encoding of keys, serial numbers, and a self-signed serving
// certificate (what a joined agent's kubelet endpoint presents).
import { randomBytes, webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const tenYearsMs = 10 * 365 * 24 * 3600 * 1000;

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** A positive 128-bit serial number in hex. */
export function certificateSerial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

/** A self-signed serving certificate for the names and addresses given. */
export async function selfSignedServingCertificate(commonName: string, sans: { dns: string[]; ips: string[] }): Promise<{ certPem: string; keyPem: string }> {
  const now = new Date(Date.now() - 60_000);
  const keys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: certificateSerial(), name: `CN=${commonName}`, notBefore: now, notAfter: new Date(now.getTime() + tenYearsMs), keys, signingAlgorithm: ecdsaP256,
    extensions: [
      new x509.BasicConstraintsExtension(false), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
      new x509.SubjectAlternativeNameExtension([...sans.dns.map((d) => ({ type: 'dns' as const, value: d })), ...sans.ips.map((ip) => ({ type: 'ip' as const, value: ip }))]),
    ],
  });
  return { certPem: `${cert.toString('pem')}\n`, keyPem: await privateKeyPem(keys.privateKey) };
}

/** A new key and a PKCS#10 certificate request (PEM) for the subject, e.g. `CN=system:node:n1, O=system:nodes`. */
export async function certificateRequest(subject: string): Promise<{ csrPem: string; keyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: subject, keys, signingAlgorithm: ecdsaP256 });
  return { csrPem: `${csr.toString('pem')}\n`, keyPem: await privateKeyPem(keys.privateKey) };
}
