// CertificateSigningRequest helpers shared by the registry, admission and the certificate controllers: the
// built-in signer names, the request's PEM, its approval state (upstream pkg/apis/certificates/helpers.go).
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { parseCertificateRequest, type CertificateRequestInfo } from '../../../util/certificate-request.js';

export const certificatesGroup = 'certificates.k8s.io';
export const kubeApiServerClientSigner = 'kubernetes.io/kube-apiserver-client';
export const kubeApiServerClientKubeletSigner = 'kubernetes.io/kube-apiserver-client-kubelet';
export const kubeletServingSigner = 'kubernetes.io/kubelet-serving';
export const legacyUnknownSigner = 'kubernetes.io/legacy-unknown';

/** spec.request and status.certificate are []byte: base64 in JSON. */
export function decodeBytes(v: unknown): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.alloc(0);
}

/** The request of a CSR, parsed (throws Error with upstream's message when it is not a CERTIFICATE REQUEST). */
export function parseCsrRequest(csr: Pick<CertificateSigningRequest, 'spec'>): CertificateRequestInfo {
  return parseCertificateRequest(decodeBytes(csr.spec?.request));
}

const conditions = (csr: CertificateSigningRequest): readonly CertificateSigningRequestCondition[] => csr.status?.conditions ?? [];

/** upstream GetCertApprovalCondition: whether Approved and Denied conditions are present (by type). */
export function approvalState(csr: CertificateSigningRequest): { approved: boolean; denied: boolean } {
  return { approved: conditions(csr).some((c) => c.type === 'Approved'), denied: conditions(csr).some((c) => c.type === 'Denied') };
}

/** upstream IsCertificateRequestApproved: Approved and not Denied. */
export function isApproved(csr: CertificateSigningRequest): boolean {
  const s = approvalState(csr);
  return s.approved && !s.denied;
}

export function hasTrueCondition(csr: CertificateSigningRequest, type: string): boolean {
  return conditions(csr).some((c) => c.type === type && c.status === 'True');
}

export function hasCertificate(csr: CertificateSigningRequest): boolean {
  return decodeBytes(csr.status?.certificate).length > 0;
}
