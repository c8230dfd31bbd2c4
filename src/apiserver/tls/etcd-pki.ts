// The certificates of a server's managed etcd member (--cluster-init): an etcd CA and the client certificate the
// API server talks to etcd with, shared by the cluster's servers (cluster-bootstrap.ts carries them), and this
// member's own certificate for its client and peer listeners (server and client auth, its addresses as SANs).
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// util/tls sets up @peculiar/x509 (reflect-metadata, the crypto provider): it is imported first.
import { privateKeyPem } from '../../util/tls.js';
import * as x509 from '@peculiar/x509';
import { altNames, generateCa, importPrivateKey, leaf, type Ca } from './pki.js';

const serverAuth = '1.3.6.1.5.5.7.3.1';
const clientAuth = '1.3.6.1.5.5.7.3.2';

/** File names under <data-dir>/tls. */
export const etcdFiles = { caCert: 'etcd-ca.crt', caKey: 'etcd-ca.key', clientCert: 'etcd-client.crt', clientKey: 'etcd-client.key', memberCert: 'etcd-member.crt', memberKey: 'etcd-member.key' } as const;

export interface EtcdPkiPaths { caFile: string; clientCertFile: string; clientKeyFile: string; memberCertFile: string; memberKeyFile: string }

const covers = (certPem: string, ips: readonly string[]): boolean => {
  const alt = new X509Certificate(certPem).subjectAltName ?? '';
  return ips.every((ip) => alt.includes(`IP Address:${ip}`));
};

/** Makes what is missing (the CA and client certificate only when no server made them yet) and returns the paths. */
export async function loadOrCreateEtcdPki(tlsDir: string, memberIps: readonly string[]): Promise<EtcdPkiPaths> {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const path = (f: string): string => join(tlsDir, f);
  const write = (f: string, pem: string): void => writeFileSync(path(f), pem, { mode: 0o600 });
  const now = new Date(Date.now() - 60_000);
  let ca: Ca;
  if (existsSync(path(etcdFiles.caCert)) && existsSync(path(etcdFiles.caKey))) {
    ca = { cert: new x509.X509Certificate(readFileSync(path(etcdFiles.caCert), 'utf8')), keys: { privateKey: await importPrivateKey(readFileSync(path(etcdFiles.caKey), 'utf8')) } };
  } else {
    ca = await generateCa(now, 'CN=skiff-etcd-ca');
    write(etcdFiles.caCert, `${ca.cert.toString('pem')}\n`);
    write(etcdFiles.caKey, await privateKeyPem(ca.keys.privateKey));
  }
  if (!existsSync(path(etcdFiles.clientCert)) || !existsSync(path(etcdFiles.clientKey))) {
    const client = await leaf(ca, now, 'CN=skiff-apiserver-etcd-client', clientAuth, []);
    write(etcdFiles.clientCert, client.certPem);
    write(etcdFiles.clientKey, client.keyPem);
  }
  const ips = [...new Set(['127.0.0.1', ...memberIps])];
  if (!existsSync(path(etcdFiles.memberCert)) || !covers(readFileSync(path(etcdFiles.memberCert), 'utf8'), ips)) {
    const member = await leaf(ca, now, 'CN=skiff-etcd-member', [serverAuth, clientAuth], [altNames({ dns: ['localhost'], ips })]);
    write(etcdFiles.memberCert, member.certPem);
    write(etcdFiles.memberKey, member.keyPem);
  }
  return { caFile: path(etcdFiles.caCert), clientCertFile: path(etcdFiles.clientCert), clientKeyFile: path(etcdFiles.clientKey), memberCertFile: path(etcdFiles.memberCert), memberKeyFile: path(etcdFiles.memberKey) };
}
