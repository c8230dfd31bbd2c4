// The front-proxy PKI (upstream's requestheader client CA and --proxy-client-cert-file): a CA of its own
// and the client certificate (CN front-proxy-client) the aggregator presents to extension API servers,
// generated on first start into <data-dir>/tls and reused afterwards. Extension servers learn the CA from
// the kube-system/extension-apiserver-authentication ConfigMap.
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// util/tls sets up @peculiar/x509 (reflect-metadata, the crypto provider): it is imported first.
import { certificateSerial, ecdsaP256, privateKeyPem, tenYearsMs } from '../../util/tls.js';
import * as x509 from '@peculiar/x509';
import { apiregistration } from '../../api/index.js';

export interface FrontProxyPki {
  /** The CA extension servers trust for X-Remote-* headers (requestheader-client-ca-file). */
  readonly caCertPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

const files = { caCertPem: 'front-proxy-ca.crt', clientCertPem: 'front-proxy-client.crt', clientKeyPem: 'front-proxy-client.key' } as const;

async function generateFrontProxyPki(): Promise<FrontProxyPki> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + tenYearsMs);
  const caKeys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: certificateSerial(), name: 'CN=skiff-front-proxy-ca', notBefore, notAfter, keys: caKeys, signingAlgorithm: ecdsaP256,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true)],
  });
  const clientKeys = await webcrypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']) as CryptoKeyPair;
  const client = await x509.X509CertificateGenerator.create({
    serialNumber: certificateSerial(), subject: `CN=${apiregistration.frontProxyClientName}`, issuer: ca.subject, notBefore, notAfter,
    publicKey: clientKeys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: ecdsaP256,
    extensions: [new x509.BasicConstraintsExtension(false), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.2'])],
  });
  return { caCertPem: `${ca.toString('pem')}\n`, clientCertPem: `${client.toString('pem')}\n`, clientKeyPem: await privateKeyPem(clientKeys.privateKey) };
}

/** Loads the front-proxy PKI from dir (the cluster's tls directory), generating it when any file is missing. */
export async function loadOrCreateFrontProxyPki(dir: string): Promise<FrontProxyPki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (Object.values(files).every((f) => existsSync(join(dir, f)))) {
    const read = (f: string): string => `${readFileSync(join(dir, f), 'utf8').trim()}\n`;
    return { caCertPem: read(files.caCertPem), clientCertPem: read(files.clientCertPem), clientKeyPem: read(files.clientKeyPem) };
  }
  const pki = await generateFrontProxyPki();
  for (const [k, f] of Object.entries(files)) writeFileSync(join(dir, f), pki[k as keyof FrontProxyPki], { mode: 0o600 });
  return pki;
}
