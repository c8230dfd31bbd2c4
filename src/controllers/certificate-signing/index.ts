// The csrsigning controller (upstream kube-controller-manager "csrsigning"): approved requests for the
// kubernetes.io kube-apiserver-client, kube-apiserver-client-kubelet and kubelet-serving signers get a certificate
// from the cluster CA, or a Failed condition when they break their signer's rules. The decision is plan.ts's; the
// crypto (the CA key) is injected by cmd/ as `sign`.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';
import { defaultSigningDurationMs, planSigning } from './plan.js';

export { planSigning, requestedDurationMs, defaultSigningDurationMs, backdateMs, type SigningAction } from './plan.js';

const csrR = lookupResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;

export interface SignRequest {
  /** The PKCS#10 request, PEM. */
  readonly requestPem: string;
  readonly usages: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface CertificateSigner {
  /** Issues a certificate (PEM) for the request, signed by the cluster CA. Throws when the request cannot be signed. */
  sign(request: SignRequest): Promise<string>;
  /** The CA certificate's notAfter. */
  readonly caNotAfter: Date;
}

export function startCertificateSigningController(ctx: ControllerContext, options: { signer: CertificateSigner; signingDurationMs?: number }): AsyncDisposable {
  const b = controllerFor<CertificateSigningRequest>(ctx, csrR, { name: 'csrsigning', kind: 'CertificateSigningRequest', delayOf: addsAndUpdates });
  const csrs = b.primary;
  return b.complete({
    async reconcile(key: string) {
      const csr = csrs.get(key);
      if (!csr?.metadata?.name) return;
      const plan = planSigning(csr, { now: ctx.clock.now(), signingDurationMs: options.signingDurationMs ?? defaultSigningDurationMs, caNotAfter: options.signer.caNotAfter });
      if (plan.kind === 'none') return;
      if (plan.kind === 'error') throw new Error(plan.message);
      const status = { ...(csr.status ?? {}) };
      if (plan.kind === 'fail') {
        status.conditions = [...(status.conditions ?? []), plan.condition];
      } else {
        const requestPem = Buffer.from(csr.spec.request, 'base64').toString('latin1');
        const pem = await options.signer.sign({ requestPem, usages: plan.usages, notBefore: plan.notBefore, notAfter: plan.notAfter });
        status.certificate = Buffer.from(pem).toString('base64');
      }
      try {
        await ctx.client.update(csrR, { ...csr, status }, 'status');
        ctx.logger.info(plan.kind === 'sign' ? 'signed certificate' : 'request failed signer validation', { csr: key, signerName: csr.spec.signerName });
      } catch (e: unknown) {
        if (isNotFound(e)) return;
        if (isConflict(e)) throw new Error(`certificatesigningrequest ${key} changed; retrying`, { cause: e });
        throw e;
      }
    },
  }, { workers: 2 });
}
