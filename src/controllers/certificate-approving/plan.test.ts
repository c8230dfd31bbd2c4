import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { requestPem } from '../../util/certificate-request.testing.js';
import { approvedCondition, planApproval, type ApprovalPlan } from './plan.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const node = b64(await requestPem({ name: 'CN=system:node:n1, O=system:nodes' }));
const notNode = b64(await requestPem({ name: 'CN=system:node:n1, O=dev' }));
const kubelet = 'kubernetes.io/kube-apiserver-client-kubelet';
const usages = ['digital signature', 'key encipherment', 'client auth'];
const csr = (o: { signerName?: string; request?: string; username?: string; usages?: string[]; conditions?: CertificateSigningRequestCondition[]; certificate?: string } = {}): CertificateSigningRequest => ({
  metadata: { name: 'node-csr' },
  spec: { request: o.request ?? node, signerName: o.signerName ?? kubelet, usages: o.usages ?? usages, username: o.username ?? 'system:bootstrap:abcdef' },
  status: { ...(o.conditions ? { conditions: o.conditions } : {}), ...(o.certificate ? { certificate: o.certificate } : {}) },
});
const nodeclient = { subresource: 'nodeclient', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' } as const;
const selfnodeclient = { subresource: 'selfnodeclient', message: 'Auto approving self kubelet client certificate after SubjectAccessReview.' } as const;

const rows: { name: string; csr: CertificateSigningRequest; want: ApprovalPlan }[] = [
  { name: 'a bootstrap user asks for a node client certificate: nodeclient', csr: csr(), want: { kind: 'review', candidates: [nodeclient] } },
  { name: 'a node renews its own: selfnodeclient first, then nodeclient', csr: csr({ username: 'system:node:n1' }), want: { kind: 'review', candidates: [selfnodeclient, nodeclient] } },
  { name: 'without key encipherment (ECDSA keys) still a node client request', csr: csr({ usages: ['digital signature', 'client auth'] }), want: { kind: 'review', candidates: [nodeclient] } },
  { name: 'already approved', csr: csr({ conditions: [{ type: 'Approved', status: 'True' }] }), want: { kind: 'none' } },
  { name: 'already denied', csr: csr({ conditions: [{ type: 'Denied', status: 'True' }] }), want: { kind: 'none' } },
  { name: 'already issued', csr: csr({ certificate: b64('x') }), want: { kind: 'none' } },
  { name: 'another signer', csr: csr({ signerName: 'kubernetes.io/kube-apiserver-client' }), want: { kind: 'none' } },
  { name: 'not a valid node client request (O)', csr: csr({ request: notNode }), want: { kind: 'none' } },
  { name: 'not a valid node client request (usages)', csr: csr({ usages: ['client auth', 'server auth'] }), want: { kind: 'none' } },
  { name: 'unparsable: retried', csr: csr({ request: b64('x') }), want: { kind: 'error', message: 'unable to parse csr "node-csr": PEM block type must be CERTIFICATE REQUEST' } },
];
for (const r of rows) test(`planApproval(): ${r.name}`, () => assert.deepEqual(planApproval(r.csr), r.want));

test('approvedCondition() is upstream AutoApproved', () => {
  assert.deepEqual(approvedCondition(nodeclient), { type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' });
});
