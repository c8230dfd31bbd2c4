// PKCS#10 certificate requests: parsing and signature verification (synchronous, node:crypto), and the issuing of
// a leaf certificate for one by a CA (the csrsigning controller's crypto, injected into it by cmd/).
import { createPublicKey, verify, constants } from 'node:crypto';
// util/tls sets up @peculiar/x509 (reflect-metadata, the crypto provider): it is imported first.
import { certificateSerial, ecdsaP256 } from './tls.js';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** What a signer or an admission plugin reads from a request (upstream x509.CertificateRequest). */
export interface CertificateRequestInfo {
  readonly commonName: string;
  readonly organizations: readonly string[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly emailAddresses: readonly string[];
  readonly uris: readonly string[];
  /** The parsed request, for issuing. */
  readonly request: x509.Pkcs10CertificateRequest;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/**
 * Parses the first PEM block of `pem` as a CERTIFICATE REQUEST (upstream certificates.ParseCSR). Throws Error with
 * upstream's messages: "PEM block type must be CERTIFICATE REQUEST", or the ASN.1 parse failure.
 */
export function parseCertificateRequest(pem: string | Uint8Array): CertificateRequestInfo {
  const text = typeof pem === 'string' ? pem : Buffer.from(pem).toString('latin1');
  const m = pemBlock.exec(text);
  if (!m || m[1] !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64');
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(der);
  } catch (e: unknown) {
    throw new Error(`asn1: structure error: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const name = request.subjectName;
  const sans = sanOf(request)?.names.items ?? [];
  const of = (t: string): string[] => sans.filter((n) => n.type === t).map((n) => n.value);
  return {
    commonName: name.getField('CN')[0] ?? '', organizations: name.getField('O'),
    dnsNames: of('dns'), ipAddresses: of('ip'), emailAddresses: of('email'), uris: of('url'), request,
  };
}

/** The request's subjectAltName extension (from its extensionRequest attribute), if any. */
function sanOf(request: x509.Pkcs10CertificateRequest): x509.SubjectAlternativeNameExtension | undefined {
  const ext = request.getExtension('2.5.29.17');
  if (!ext) return undefined;
  return ext instanceof x509.SubjectAlternativeNameExtension ? ext : new x509.SubjectAlternativeNameExtension(ext.rawData);
}

/** The DER bytes of the first element of a DER SEQUENCE (the CertificationRequestInfo that was signed). */
function firstElement(der: Buffer): Buffer {
  const header = (at: number): { start: number; end: number } => {
    const first = der[at + 1] ?? 0;
    if (first < 0x80) return { start: at + 2, end: at + 2 + first };
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[at + 2 + i] ?? 0);
    return { start: at + 2 + n, end: at + 2 + n + len };
  };
  const outer = header(0);
  const inner = header(outer.start);
  return der.subarray(outer.start, inner.end);
}

const hashes: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** Checks the request's self-signature (upstream CheckSignature). Throws Error when it does not verify. */
export function checkCertificateRequestSignature(info: CertificateRequestInfo): void {
  const req = info.request;
  const alg = req.signatureAlgorithm as { name: string; hash?: { name: string }; saltLength?: number };
  const key = createPublicKey({ key: Buffer.from(req.publicKey.rawData), format: 'der', type: 'spki' });
  const data = firstElement(Buffer.from(req.rawData));
  const signature = Buffer.from(req.signature);
  const hash = alg.hash ? hashes[alg.hash.name] : undefined;
  let ok: boolean;
  switch (alg.name) {
    case 'ECDSA':
    case 'RSASSA-PKCS1-v1_5':
      if (!hash) throw new Error('x509: cannot verify signature: algorithm unimplemented');
      ok = verify(hash, data, key, signature);
      break;
    case 'RSA-PSS':
      if (!hash) throw new Error('x509: cannot verify signature: algorithm unimplemented');
      ok = verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO }, signature);
      break;
    case 'Ed25519':
      ok = verify(null, data, key, signature);
      break;
    default:
      throw new Error('x509: cannot verify signature: algorithm unimplemented');
  }
  if (!ok) throw new Error(alg.name === 'ECDSA' ? 'x509: ECDSA verification failure' : 'crypto/rsa: verification error');
}

const keyUsageBits: Record<string, number> = {
  signing: x509.KeyUsageFlags.digitalSignature, 'digital signature': x509.KeyUsageFlags.digitalSignature,
  'content commitment': x509.KeyUsageFlags.nonRepudiation, 'key encipherment': x509.KeyUsageFlags.keyEncipherment,
  'key agreement': x509.KeyUsageFlags.keyAgreement, 'data encipherment': x509.KeyUsageFlags.dataEncipherment,
  'cert sign': x509.KeyUsageFlags.keyCertSign, 'crl sign': x509.KeyUsageFlags.cRLSign,
  'encipher only': x509.KeyUsageFlags.encipherOnly, 'decipher only': x509.KeyUsageFlags.decipherOnly,
};
const extKeyUsageOids: Record<string, string> = {
  any: '2.5.29.37.0', 'server auth': '1.3.6.1.5.5.7.3.1', 'client auth': '1.3.6.1.5.5.7.3.2', 'code signing': '1.3.6.1.5.5.7.3.3',
  'email protection': '1.3.6.1.5.5.7.3.4', 's/mime': '1.3.6.1.5.5.7.3.4', 'ipsec end system': '1.3.6.1.5.5.7.3.5',
  'ipsec tunnel': '1.3.6.1.5.5.7.3.6', 'ipsec user': '1.3.6.1.5.5.7.3.7', timestamping: '1.3.6.1.5.5.7.3.8',
  'ocsp signing': '1.3.6.1.5.5.7.3.9', 'microsoft sgc': '1.3.6.1.4.1.311.10.3.3', 'netscape sgc': '2.16.840.1.113730.4.1',
};

/** A CA that signs requests: its certificate and PKCS#8 private key (ECDSA P-256), both PEM. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface IssueOptions {
  /** The request (PEM), already validated. */
  readonly requestPem: string;
  /** Key usages as named in the CertificateSigningRequest API (`client auth`, `digital signature`, …). */
  readonly usages: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Issues a leaf certificate for a request: its subject, public key and subject alternative names, the usages given,
 * not a CA, valid from `notBefore` to `notAfter`. Returns the certificate PEM. Throws Error on an unusable request.
 */
export async function issueCertificate(ca: CertificateAuthority, options: IssueOptions): Promise<string> {
  const info = parseCertificateRequest(options.requestPem);
  const caCert = new x509.X509Certificate(ca.certPem);
  const b64 = ca.keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const signingKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), ecdsaP256, false, ['sign']) as CryptoKey;
  let bits = 0;
  const ekus: string[] = [];
  for (const u of options.usages) {
    if (keyUsageBits[u] !== undefined) bits |= keyUsageBits[u];
    else if (extKeyUsageOids[u]) ekus.push(extKeyUsageOids[u]);
  }
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(false, undefined, true)];
  if (bits) extensions.push(new x509.KeyUsagesExtension(bits, true));
  if (ekus.length) extensions.push(new x509.ExtendedKeyUsageExtension([...new Set(ekus)]));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(caCert));
  const san = sanOf(info.request);
  if (san) extensions.push(new x509.SubjectAlternativeNameExtension(san.names.toJSON()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: certificateSerial(), subject: info.request.subjectName, issuer: caCert.subjectName,
    notBefore: options.notBefore, notAfter: options.notAfter, publicKey: info.request.publicKey, signingKey, signingAlgorithm: ecdsaP256, extensions,
  });
  return `${cert.toString('pem')}\n`;
}

/** The CA certificate's notAfter (a signed certificate never outlives its CA). */
export function certificateNotAfter(pem: string): Date {
  return new x509.X509Certificate(pem).notAfter;
}
