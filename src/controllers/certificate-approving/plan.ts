// The csrapproving controller's decision for one CertificateSigningRequest (upstream pkg/controller/certificates/
// approver sarapprove.go): which auto-approval it may qualify for, each gated by a SubjectAccessReview of the
// requestor. Pure over the request.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { certificates } from '../../api/index.js';

/** One way a request may be auto-approved: the permission its requestor needs, the condition's message. */
export interface Recognized {
  /** `create` on certificatesigningrequests/<subresource> in certificates.k8s.io. */
  readonly subresource: 'selfnodeclient' | 'nodeclient';
  readonly message: string;
}

export type ApprovalPlan =
  /** Issued, approved or denied already, or not a node client request. */
  | { kind: 'none' }
  /** The request is unparsable: retried (upstream returns the error). */
  | { kind: 'error'; message: string }
  /** Ask a SubjectAccessReview for each, in order; approve with the first allowed. */
  | { kind: 'review'; candidates: readonly Recognized[] };

/** upstream isNodeClientCert: the kubelet client signer, and a valid node client request. */
function isNodeClient(csr: CertificateSigningRequest, req: ReturnType<typeof certificates.parseCsrRequest>): boolean {
  return csr.spec?.signerName === certificates.kubeApiServerClientKubeletSigner && certificates.kubeletClientProblem(req, csr.spec.usages ?? []) === undefined;
}

export function planApproval(csr: CertificateSigningRequest): ApprovalPlan {
  if (certificates.hasCertificate(csr)) return { kind: 'none' };
  const state = certificates.approvalState(csr);
  if (state.approved || state.denied) return { kind: 'none' };
  let req;
  try {
    req = certificates.parseCsrRequest(csr);
  } catch (e: unknown) {
    return { kind: 'error', message: `unable to parse csr "${csr.metadata?.name ?? ''}": ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isNodeClient(csr, req)) return { kind: 'none' };
  const candidates: Recognized[] = [];
  // A node renewing its own credentials: the requestor is the node the certificate names.
  if (csr.spec.username === req.commonName) candidates.push({ subresource: 'selfnodeclient', message: 'Auto approving self kubelet client certificate after SubjectAccessReview.' });
  candidates.push({ subresource: 'nodeclient', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' });
  return { kind: 'review', candidates };
}

/** The condition an allowed review adds (upstream appendApprovalCondition). */
export function approvedCondition(r: Recognized): CertificateSigningRequestCondition {
  return { type: 'Approved', status: 'True', reason: 'AutoApproved', message: r.message };
}
