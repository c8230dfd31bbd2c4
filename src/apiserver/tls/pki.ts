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
  /** The CA's private key (PKCS#8 PEM, <data-dir>/tls/ca.key, 0600): it signs approved CertificateSigningRequests. */
  readonly caKeyPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
  /** Bearer token accepted for the admin user (also written to <data-dir>/tls/admin.token). */
  readonly adminToken: string;
  /** Token agents use to join (k3s-style node token). */
  readonly nodeToken: string;
  /** The API server's client certificate towards kubelets (kubeadm's apiserver-kubelet-client). */
  readonly kubeletClientCertPem: string;
  readonly kubeletClientKeyPem: string;
  /**
   * The key service account tokens are signed with (<data-dir>/tls/sa.key), shared by the cluster's servers. A data
   * dir from before it existed takes its serving key, which signed the tokens until then.
   */
  readonly serviceAccountKeyPem: string;
}

/** The user the API server is to kubelets (kubeadm's name); bound to system:kubelet-api-admin. */
export const kubeletClientUser = 'kube-apiserver-kubelet-client';
const kubeletClient = (ca: Ca, now: Date): Promise<{ certPem: string; keyPem: string }> => leaf(ca, now, `CN=${kubeletClientUser}`, '1.3.6.1.5.5.7.3.2', []);

async function importKey(pem: string): Promise<CryptoKey> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), alg, true, ['sign']) as Promise<CryptoKey>;
}

export interface Ca {
  readonly cert: x509.X509Certificate;
  readonly keys: { readonly privateKey: CryptoKey; readonly publicKey?: CryptoKey };
}

export async function generateCa(now: Date, name = 'CN=skiff-ca'): Promise<Ca> {
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name, notBefore: now, notAfter: new Date(now.getTime() + tenYears), keys: caKeys, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true), await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)],
  });
  return { cert, keys: caKeys };
}

/** A certificate the CA signs for name, with the extended key usages (OIDs) and extra extensions given. */
export async function leaf(ca: Ca, now: Date, name: string, usage: string | readonly string[], extra: x509.Extension[]): Promise<{ certPem: string; keyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: name, issuer: ca.cert.subject, notBefore: now, notAfter: new Date(now.getTime() + tenYears),
    publicKey: keys.publicKey, signingKey: ca.keys.privateKey, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(false), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true), new x509.ExtendedKeyUsageExtension(typeof usage === 'string' ? [usage] : [...usage]), await x509.AuthorityKeyIdentifierExtension.create(ca.cert), ...extra],
  });
  return { certPem: `${cert.toString('pem')}\n`, keyPem: await keyPem(keys.privateKey) };
}

/** The subjectAltName extension of DNS names and IP addresses. */
export const altNames = (sans: { dns: readonly string[]; ips: readonly string[] }): x509.Extension => new x509.SubjectAlternativeNameExtension([
  ...sans.dns.map((d) => ({ type: 'dns' as const, value: d })),
  ...sans.ips.map((ip) => ({ type: 'ip' as const, value: ip })),
]);

function servingCertificate(ca: Ca, now: Date, sans: { dns: string[]; ips: string[] }): Promise<{ certPem: string; keyPem: string }> {
  return leaf(ca, now, 'CN=skiff-apiserver', '1.3.6.1.5.5.7.3.1', [altNames(sans)]);
}

async function generate(sans: { dns: string[]; ips: string[] }): Promise<Pki> {
  const now = new Date(Date.now() - 60_000);
  const ca = await generateCa(now);
  const server = await servingCertificate(ca, now, sans);
  const admin = await leaf(ca, now, 'CN=skiff-admin, O=system:masters', '1.3.6.1.5.5.7.3.2', []);
  const kubelet = await kubeletClient(ca, now);
  return {
    kubeletClientCertPem: kubelet.certPem,
    kubeletClientKeyPem: kubelet.keyPem,
    caCertPem: `${ca.cert.toString('pem')}\n`,
    caKeyPem: await keyPem(ca.keys.privateKey),
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    serviceAccountKeyPem: server.keyPem,
    adminToken: randomBytes(24).toString('hex'),
    nodeToken: `K10${randomBytes(24).toString('hex')}`,
  };
}

const files = {
  caCertPem: 'ca.crt', caKeyPem: 'ca.key', serverCertPem: 'server.crt', serverKeyPem: 'server.key', adminCertPem: 'admin.crt', adminKeyPem: 'admin.key', adminToken: 'admin.token', nodeToken: 'node-token',
  kubeletClientCertPem: 'apiserver-kubelet-client.crt', kubeletClientKeyPem: 'apiserver-kubelet-client.key', serviceAccountKeyPem: 'sa.key',
} as const;
/** Files added in later versions: a data dir without them gets them at start (from its CA, or its serving key). */
const laterLeaves = ['kubeletClientCertPem', 'kubeletClientKeyPem', 'serviceAccountKeyPem'] as const;

/** True when the stored serving certificate covers every requested SAN. */
function coversSans(certPem: string, sans: { dns: string[]; ips: string[] }): boolean {
  const c = new X509Certificate(certPem);
  const alt = c.subjectAltName ?? '';
  return sans.dns.every((d) => alt.includes(`DNS:${d}`)) && sans.ips.every((ip) => alt.includes(`IP Address:${ip}`));
}

const write = (dir: string, pki: Pki, keys: readonly (keyof typeof files)[]): void => {
  for (const k of keys) writeFileSync(join(dir, files[k]), pki[k], { mode: 0o600 });
};

/**
 * Loads the PKI from dir, generating what is missing. The CA (certificate and key, kept in ca.key) outlives
 * restarts: when the SANs change only the serving certificate is re-issued by it. A data dir written before the CA
 * key was kept gets a new PKI, its tokens kept.
 */
export async function loadOrCreatePki(dir: string, sans: { dns: string[]; ips: string[] }, options: { nodeToken?: string } = {}): Promise<Pki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const present = (k: keyof typeof files): boolean => existsSync(join(dir, files[k]));
  const read = (k: keyof typeof files): string => readFileSync(join(dir, files[k]), 'utf8').trim() + (k.endsWith('Pem') ? '\n' : '');
  const keys = Object.keys(files) as (keyof typeof files)[];
  // The serving pair is this server's own (servers of one cluster share the rest: cluster-bootstrap.ts).
  const own = ['serverCertPem', 'serverKeyPem'] as const;
  const core = keys.filter((k) => !(laterLeaves as readonly string[]).includes(k) && !(own as readonly string[]).includes(k));
  if (core.every(present)) {
    let pki = Object.fromEntries(keys.filter(present).map((k) => [k, read(k)])) as unknown as Pki;
    const ca: Ca = { cert: new x509.X509Certificate(pki.caCertPem), keys: { privateKey: await importKey(pki.caKeyPem) } };
    const now = new Date(Date.now() - 60_000);
    if (!(['kubeletClientCertPem', 'kubeletClientKeyPem'] as const).every(present)) {
      const kubelet = await kubeletClient(ca, now);
      pki = { ...pki, kubeletClientCertPem: kubelet.certPem, kubeletClientKeyPem: kubelet.keyPem };
      write(dir, pki, ['kubeletClientCertPem', 'kubeletClientKeyPem']);
    }
    if (!present('serviceAccountKeyPem')) {
      pki = { ...pki, serviceAccountKeyPem: pki.serverKeyPem };
      write(dir, pki, ['serviceAccountKeyPem']);
    }
    if (own.every(present) && coversSans(pki.serverCertPem, sans)) return pki;
    const server = await servingCertificate(ca, now, sans);
    const fresh = { ...pki, serverCertPem: server.certPem, serverKeyPem: server.keyPem };
    write(dir, fresh, ['serverCertPem', 'serverKeyPem']);
    return fresh;
  }
  // First start, or a data dir without ca.key: a new CA and certificates; tokens already issued stay valid.
  const pki = await generate(sans);
  const nodeToken = present('nodeToken') ? read('nodeToken') : options.nodeToken;
  const kept = { ...pki, ...(present('adminToken') ? { adminToken: read('adminToken') } : {}), ...(nodeToken ? { nodeToken } : {}) };
  write(dir, kept, keys);
  return kept;
}

export { importKey as importPrivateKey };
