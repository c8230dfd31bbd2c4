// The csrapproving controller (upstream kube-controller-manager "csrapproving"): kubelet client requests are
// approved when a SubjectAccessReview says their requestor may create certificatesigningrequests/nodeclient (or
// /selfnodeclient for a node renewing its own). The decision is plan.ts's.
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { SubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext } from '../../client/index.js';
import { approvedCondition, planApproval } from './plan.js';

export { planApproval, approvedCondition, type ApprovalPlan, type Recognized } from './plan.js';

const csrR = lookupResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const sarR = lookupResource('authorization.k8s.io', 'v1', 'subjectaccessreviews')!;

export function startCertificateApprovingController(ctx: ControllerContext): AsyncDisposable {
  const b = controllerFor<CertificateSigningRequest>(ctx, csrR, { name: 'csrapproving', kind: 'CertificateSigningRequest', delayOf: addsAndUpdates });
  const csrs = b.primary;
  /** Whether the requestor (as recorded in spec) may `create` the subresource. */
  const allowed = async (csr: CertificateSigningRequest, subresource: string): Promise<boolean> => {
    const spec = csr.spec;
    const review: SubjectAccessReview = {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: {
        ...(spec.username ? { user: spec.username } : {}), ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.groups ? { groups: spec.groups } : {}), ...(spec.extra ? { extra: spec.extra } : {}),
        resourceAttributes: { group: 'certificates.k8s.io', resource: 'certificatesigningrequests', verb: 'create', subresource, version: '*' },
      },
    };
    const answer = await ctx.client.create(sarR, '', review);
    return answer.status?.allowed === true;
  };
  return b.complete({
    async reconcile(key: string) {
      const csr = csrs.get(key);
      if (!csr?.metadata?.name) return;
      const plan = planApproval(csr);
      if (plan.kind === 'none') return;
      if (plan.kind === 'error') throw new Error(plan.message);
      for (const r of plan.candidates) {
        if (!(await allowed(csr, r.subresource))) continue;
        const status = { ...(csr.status ?? {}), conditions: [...(csr.status?.conditions ?? []), approvedCondition(r)] };
        try {
          await ctx.client.update(csrR, { ...csr, status }, 'approval');
          ctx.logger.info('approved certificate signing request', { csr: key, subresource: r.subresource });
        } catch (e: unknown) {
          if (isNotFound(e)) return;
          if (isConflict(e)) throw new Error(`certificatesigningrequest ${key} changed; retrying`, { cause: e });
          throw e;
        }
        return;
      }
      // upstream: an ignorable error, retried with backoff (a binding may be added later).
      throw new Error(`recognized csr "${key}" as [${plan.candidates.map((c) => c.subresource).join(' ')}] but subject access review was not approved`);
    },
  }, { workers: 2 });
}
