// Kubelet TLS bootstrap (upstream kubelet's --bootstrap-kubeconfig): with the cluster's join token, a new node
// asks for its own client certificate through a CertificateSigningRequest (signer
// kubernetes.io/kube-apiserver-client-kubelet, subject system:node:<name> in system:nodes), which the server's
// approver admits and its signer signs; the node then acts as itself. The certificate and key are kept in the
// agent's directory and reused while the cluster CA still verifies them and they have a day left.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupResource } from '../api/index.js';
import type { Client } from '../client/index.js';
import { errorMessage, type Clock } from '../util/index.js';
import { certificateRequest } from '../util/tls.js';
import { AgentUnavailableError } from './agent.js';

const csrs = lookupResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const dayMs = 24 * 3600 * 1000;

interface CertificateSigningRequest {
  metadata?: { name?: string };
  status?: { certificate?: string; conditions?: { type?: string; status?: string; reason?: string; message?: string }[] };
}

export interface NodeClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Whether the stored certificate is for the node, signed by the CA, and valid for another day. */
export function usableClientCertificate(certPem: string, caPem: string, nodeName: string, nowMs: number): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
    return cert.verify(new X509Certificate(caPem).publicKey) && cn === `system:node:${nodeName}` && Date.parse(cert.validTo) - nowMs > dayMs;
  } catch {
    return false;
  }
}

/** The node's client certificate: the stored one if still usable, else a new one through a CSR. */
export async function bootstrapNodeCredentials(options: { client: Client; clock: Clock; nodeName: string; dir: string; caPem: string; timeoutMs?: number }): Promise<NodeClientCertificate> {
  const certFile = join(options.dir, 'kubelet-client.crt');
  const keyFile = join(options.dir, 'kubelet-client.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    if (usableClientCertificate(certPem, options.caPem, options.nodeName, options.clock.nowMs())) return { certPem, keyPem: readFileSync(keyFile, 'utf8') };
  }
  const { csrPem, keyPem } = await certificateRequest(`CN=system:node:${options.nodeName}, O=system:nodes`);
  let created: CertificateSigningRequest;
  try {
    created = await options.client.create(csrs, '', {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { generateName: 'node-csr-' },
      spec: { request: Buffer.from(csrPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] },
    }) as CertificateSigningRequest;
  } catch (e: unknown) {
    throw new AgentUnavailableError(`could not request a client certificate for node ${options.nodeName}: ${errorMessage(e)}`);
  }
  const name = created.metadata?.name ?? '';
  const deadline = options.clock.nowMs() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const csr = await options.client.get(csrs, '', name) as CertificateSigningRequest;
    const refused = csr.status?.conditions?.find((c) => (c.type === 'Denied' || c.type === 'Failed') && c.status !== 'False');
    if (refused) throw new AgentUnavailableError(`the certificate request ${name} of node ${options.nodeName} was ${refused.type === 'Denied' ? 'denied' : 'not signed'}: ${refused.reason ?? ''} ${refused.message ?? ''}`.trim());
    if (csr.status?.certificate) {
      const certPem = Buffer.from(csr.status.certificate, 'base64').toString('utf8');
      writeFileSync(keyFile, keyPem, { mode: 0o600 });
      writeFileSync(certFile, certPem, { mode: 0o600 });
      return { certPem, keyPem };
    }
    if (options.clock.nowMs() > deadline) throw new AgentUnavailableError(`the certificate request ${name} of node ${options.nodeName} was not approved and signed within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s (kubectl certificate approve ${name})`);
    await options.clock.sleep(250);
  }
}
