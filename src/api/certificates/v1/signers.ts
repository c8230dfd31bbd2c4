// What the built-in kubernetes.io signers accept (upstream pkg/apis/certificates/v1 helpers and the csrsigning
// controller's per-signer checks): pure functions of the parsed request and the requested usages.
import type { CertificateRequestInfo } from '../../../util/certificate-request.js';
import { kubeApiServerClientKubeletSigner, kubeApiServerClientSigner, kubeletServingSigner } from './csr.js';

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const s = new Set(a);
  return s.size === new Set(b).size && b.every((x) => s.has(x));
};
const isSystemNodes = (orgs: readonly string[]): boolean => orgs.length === 1 && orgs[0] === 'system:nodes';
/** Go's %v of a sorted []string. */
const listOf = (l: readonly string[]): string => `[${[...l].sort().join(' ')}]`;

const kubeletClientUsages = ['digital signature', 'key encipherment', 'client auth'];
const kubeletClientUsagesNoRsa = ['digital signature', 'client auth'];
const kubeletServingUsages = ['digital signature', 'key encipherment', 'server auth'];
const kubeletServingUsagesNoRsa = ['digital signature', 'server auth'];

/** upstream ValidateKubeletClientCSR: the message of the first rule broken, or undefined when valid. */
export function kubeletClientProblem(req: CertificateRequestInfo, usages: readonly string[]): string | undefined {
  if (!isSystemNodes(req.organizations)) return 'subject organization is not system:nodes';
  if (req.dnsNames.length) return 'DNS subjectAltNames are not allowed';
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed';
  if (req.ipAddresses.length) return 'IP subjectAltNames are not allowed';
  if (req.uris.length) return 'URI subjectAltNames are not allowed';
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  if (!sameSet(usages, kubeletClientUsages) && !sameSet(usages, kubeletClientUsagesNoRsa)) return `usages did not match ${listOf(kubeletClientUsages)}`;
  return undefined;
}

/** upstream ValidateKubeletServingCSR. */
export function kubeletServingProblem(req: CertificateRequestInfo, usages: readonly string[]): string | undefined {
  if (!isSystemNodes(req.organizations)) return 'subject organization is not system:nodes';
  if (!req.dnsNames.length && !req.ipAddresses.length) return 'DNS or IP subjectAltName is required';
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed';
  if (req.uris.length) return 'URI subjectAltNames are not allowed';
  if (!sameSet(usages, kubeletServingUsages) && !sameSet(usages, kubeletServingUsagesNoRsa)) return `usages did not match ${listOf(kubeletServingUsages)}`;
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}

/** The kube-apiserver-client signer: client auth required; digital signature and key encipherment optional. */
export function apiServerClientProblem(usages: readonly string[]): string | undefined {
  const ok = usages.includes('client auth') && usages.every((u) => u === 'client auth' || u === 'digital signature' || u === 'key encipherment');
  return ok ? undefined : 'invalid usage for client certificate';
}

/** The signers the csrsigning controller serves, each with its check; undefined for any other signer name. */
export function signerProblem(signerName: string, req: CertificateRequestInfo, usages: readonly string[]): { problem: string | undefined } | undefined {
  switch (signerName) {
    case kubeApiServerClientSigner: return { problem: apiServerClientProblem(usages) };
    case kubeApiServerClientKubeletSigner: return { problem: kubeletClientProblem(req, usages) };
    case kubeletServingSigner: return { problem: kubeletServingProblem(req, usages) };
    default: return undefined;
  }
}
