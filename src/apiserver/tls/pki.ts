// PKI: the cluster CA, the serving certificate and the admin client certificate (ECDSA P-256),
// generated on first start into <data-dir>/tls and reused afterwards.
import { webcrypto, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
// util/tls sets up @peculiar/x509 (reflect-metadata, the crypto provider): it is imported first.
import { certificateSerial as serial, ecdsaP256 as alg, privateKeyPem as keyPem, tenYearsMs as tenYears } from '../../util/tls.js';
import * as x509 from '@peculiar/x509';

export interface Pki {
  readonly caCertPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
  /** Bearer token accepted for the admin user (also written to <data-dir>/tls/admin.token). */
  readonly adminToken: string;
  /** Token agents use to join (k3s-style node token). */
  readonly nodeToken: string;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), alg, true, ['sign']) as Promise<CryptoKey>;
}

async function generate(sans: { dns: string[]; ips: string[] }): Promise<Pki> {
  const now = new Date(Date.now() - 60_000);
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: 'CN=skiff-ca', notBefore: now, notAfter: new Date(now.getTime() + tenYears), keys: caKeys, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true), await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)],
  });
  const leaf = async (name: string, usage: string, extra: x509.Extension[]): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> => {
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(), subject: name, issuer: ca.subject, notBefore: now, notAfter: new Date(now.getTime() + tenYears),
      publicKey: keys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: alg,
      extensions: [new x509.BasicConstraintsExtension(false), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true), new x509.ExtendedKeyUsageExtension([usage]), await x509.AuthorityKeyIdentifierExtension.create(ca), ...extra],
    });
    return { cert, keys };
  };
  const server = await leaf('CN=skiff-apiserver', '1.3.6.1.5.5.7.3.1', [new x509.SubjectAlternativeNameExtension([
    ...sans.dns.map((d) => ({ type: 'dns' as const, value: d })),
    ...sans.ips.map((ip) => ({ type: 'ip' as const, value: ip })),
  ])]);
  const admin = await leaf('CN=skiff-admin, O=system:masters', '1.3.6.1.5.5.7.3.2', []);
  return {
    caCertPem: ca.toString('pem') + '\n',
    serverCertPem: server.cert.toString('pem') + '\n',
    serverKeyPem: await keyPem(server.keys.privateKey),
    adminCertPem: admin.cert.toString('pem') + '\n',
    adminKeyPem: await keyPem(admin.keys.privateKey),
    adminToken: randomBytes(24).toString('hex'),
    nodeToken: `K10${randomBytes(24).toString('hex')}`,
  };
}

const files = {
  caCertPem: 'ca.crt', serverCertPem: 'server.crt', serverKeyPem: 'server.key', adminCertPem: 'admin.crt', adminKeyPem: 'admin.key', adminToken: 'admin.token', nodeToken: 'node-token',
} as const;

/** True when the stored serving certificate covers every requested SAN. */
function coversSans(certPem: string, sans: { dns: string[]; ips: string[] }): boolean {
  const c = new X509Certificate(certPem);
  const alt = c.subjectAltName ?? '';
  return sans.dns.every((d) => alt.includes(`DNS:${d}`)) && sans.ips.every((ip) => alt.includes(`IP Address:${ip}`));
}

/** Loads the PKI from dir, generating what is missing; the serving cert is re-issued if SANs changed. */
export async function loadOrCreatePki(dir: string, sans: { dns: string[]; ips: string[] }): Promise<Pki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const all = Object.values(files).every((f) => existsSync(join(dir, f)));
  if (all) {
    const pki = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(join(dir, f), 'utf8').trim() + (k.endsWith('Pem') ? '\n' : '')])) as unknown as Pki;
    if (coversSans(pki.serverCertPem, sans)) return pki;
    const fresh = await reissueServer(pki, sans);
    writeFileSync(join(dir, files.serverCertPem), fresh.serverCertPem, { mode: 0o600 });
    writeFileSync(join(dir, files.serverKeyPem), fresh.serverKeyPem, { mode: 0o600 });
    return fresh;
  }
  const pki = await generate(sans);
  for (const [k, f] of Object.entries(files)) writeFileSync(join(dir, f), pki[k as keyof Pki] as string, { mode: 0o600 });
  return pki;
}

async function reissueServer(pki: Pki, sans: { dns: string[]; ips: string[] }): Promise<Pki> {
  // The CA key is not kept in memory between starts; keep it simple: regenerate everything except tokens.
  const fresh = await generate(sans);
  return { ...fresh, adminToken: pki.adminToken, nodeToken: pki.nodeToken };
}

export { importKey as importPrivateKey };
