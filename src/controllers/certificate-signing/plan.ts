// The csrsigning controller's decision for one CertificateSigningRequest (upstream pkg/controller/certificates/signer):
// pure, over the request, the time, the signing duration and the CA's expiry.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { certificates } from '../../api/index.js';
import { rfc3339 } from '../../util/index.js';

/** upstream's backdate of notBefore (clock skew between the signer and the certificate's verifiers). */
export const backdateMs = 5 * 60_000;
/** Certificates shorter than this count their lifetime from now rather than from the backdated notBefore. */
const shortMs = 8 * 3600_000;
/** upstream --cluster-signing-duration's default. */
export const defaultSigningDurationMs = 365 * 24 * 3600_000;
const minDurationMs = 10 * 60_000;

export type SigningAction =
  /** Not ours, not approved, failed, or already issued. */
  | { kind: 'none' }
  /** The request breaks its signer's rules: a Failed condition (SignerValidationFailure) is added. */
  | { kind: 'fail'; condition: CertificateSigningRequestCondition }
  /** Issue a certificate with these usages and validity. */
  | { kind: 'sign'; usages: readonly string[]; notBefore: Date; notAfter: Date }
  /** The request cannot be processed now (unparsable, or the CA expired): retried later. */
  | { kind: 'error'; message: string };

export interface SigningOptions {
  readonly now: Date;
  readonly signingDurationMs: number;
  /** The CA certificate's notAfter: no certificate outlives it. */
  readonly caNotAfter: Date;
}

/** upstream duration(): the requested lifetime, at least 10 minutes, at most the signing duration. */
export function requestedDurationMs(signingDurationMs: number, expirationSeconds: number | undefined): number {
  if (expirationSeconds === undefined || expirationSeconds === null) return signingDurationMs;
  const requested = expirationSeconds * 1000;
  return requested > signingDurationMs ? signingDurationMs : requested < minDurationMs ? minDurationMs : requested;
}

export function planSigning(csr: CertificateSigningRequest, o: SigningOptions): SigningAction {
  if (certificates.hasCertificate(csr) || !certificates.isApproved(csr) || certificates.hasTrueCondition(csr, 'Failed')) return { kind: 'none' };
  const signerName = csr.spec?.signerName ?? '';
  const usages = csr.spec?.usages ?? [];
  let req;
  try {
    req = certificates.parseCsrRequest(csr);
  } catch (e: unknown) {
    return { kind: 'error', message: `unable to parse csr "${csr.metadata?.name ?? ''}": ${e instanceof Error ? e.message : String(e)}` };
  }
  // kubernetes.io/legacy-unknown and every other signer: not signed here.
  const check = certificates.signerProblem(signerName, req, usages);
  if (!check) return { kind: 'none' };
  if (check.problem !== undefined) {
    return { kind: 'fail', condition: { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: check.problem, lastUpdateTime: rfc3339(o.now) } };
  }
  const ttl = requestedDurationMs(o.signingDurationMs, csr.spec?.expirationSeconds);
  const notBefore = new Date(o.now.getTime() - backdateMs);
  let notAfter = new Date((ttl < shortMs ? o.now.getTime() : notBefore.getTime()) + ttl);
  if (notAfter.getTime() >= o.caNotAfter.getTime()) notAfter = o.caNotAfter;
  if (notBefore.getTime() >= o.caNotAfter.getTime()) return { kind: 'error', message: `the signer has expired: NotAfter=${o.caNotAfter.toISOString()}` };
  if (o.now.getTime() >= o.caNotAfter.getTime()) return { kind: 'error', message: `refusing to sign a certificate that expired in the past: NotAfter=${o.caNotAfter.toISOString()}` };
  return { kind: 'sign', usages, notBefore, notAfter };
}

