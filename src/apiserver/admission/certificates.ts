// The certificates admission plugins (upstream plugin/pkg/admission/certificates): CertificateApproval (writes
// through /approval need `approve` on the signer), CertificateSigning (a changed status.certificate needs `sign` on
// the signer) and CertificateSubjectRestriction (no system:masters client certificates from the kube-apiserver-client
// signer). Permission on a signer is `<verb>` on `signers` in certificates.k8s.io, named after the signer or `<domain>/*`.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { certificates, forbidden, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Authorizer } from '../auth/authorizer.js';
import type { UserInfo } from '../registry/context.js';
import type { Admission } from '../registry/generic-store.js';

const group = certificates.certificatesGroup;
const gr = { group, resource: 'certificatesigningrequests' };
const isCsr = (desc: ResourceDescriptor): boolean => desc.group === group && desc.plural === 'certificatesigningrequests';
const asCsr = (o: KubeObject): CertificateSigningRequest => o as unknown as CertificateSigningRequest;
const nameOf = (o: KubeObject): string => String((o.metadata as { name?: string } | undefined)?.name ?? '');

/** upstream IsAuthorizedForSignerName: the verb on the signer by name, else on `<domain>/*`. */
export function isAuthorizedForSignerName(authorizer: Authorizer, user: UserInfo, verb: string, signerName: string): boolean {
  const ask = (name: string): boolean =>
    authorizer.authorize({ user, verb, resourceRequest: true, path: '', namespace: '', apiGroup: group, resource: 'signers', subresource: '', name }).kind === 'allow';
  return ask(signerName) || ask(`${signerName.split('/')[0] ?? ''}/*`);
}

/** CertificateApproval: any write through /approval needs `approve` on the (new object's) signer. */
export function certificateApprovalAdmission(authorizer: Authorizer): Admission {
  return {
    admit(op, desc, obj, _old, attrs) {
      if (op !== 'UPDATE' || !isCsr(desc) || attrs?.subresource !== 'approval') return;
      const signerName = asCsr(obj).spec?.signerName ?? '';
      if (!isAuthorizedForSignerName(authorizer, attrs.ctx.user, 'approve', signerName)) {
        throw forbidden(gr, nameOf(obj), `user not permitted to approve requests with signerName "${signerName}"`);
      }
    },
  };
}

/** CertificateSigning: a /status write that changes status.certificate needs `sign` on the (stored object's) signer. */
export function certificateSigningAdmission(authorizer: Authorizer): Admission {
  return {
    admit(op, desc, obj, old, attrs) {
      if (op !== 'UPDATE' || !isCsr(desc) || attrs?.subresource !== 'status' || !old) return;
      const before = certificates.decodeBytes(asCsr(old).status?.certificate);
      if (before.equals(certificates.decodeBytes(asCsr(obj).status?.certificate))) return;
      const signerName = asCsr(old).spec?.signerName ?? '';
      if (!isAuthorizedForSignerName(authorizer, attrs.ctx.user, 'sign', signerName)) {
        throw forbidden(gr, nameOf(obj), `user not permitted to sign requests with signerName "${signerName}"`);
      }
    },
  };
}

/** CertificateSubjectRestriction: the kube-apiserver-client signer never gets a request for group system:masters. */
export const certificateSubjectRestrictionAdmission: Admission = {
  admit(op, desc, obj, _old, attrs) {
    if (op !== 'CREATE' || !isCsr(desc) || (attrs && attrs.subresource !== '')) return;
    const csr = asCsr(obj);
    if (csr.spec?.signerName !== certificates.kubeApiServerClientSigner) return;
    let organizations: readonly string[];
    try {
      organizations = certificates.parseCsrRequest(csr).organizations;
    } catch (e: unknown) {
      throw forbidden(gr, nameOf(obj), `failed to parse CSR: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (organizations.includes('system:masters')) {
      throw forbidden(gr, nameOf(obj), `use of ${csr.spec.signerName} signer with system:masters group is not allowed`);
    }
  },
};
