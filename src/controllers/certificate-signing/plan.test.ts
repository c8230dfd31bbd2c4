import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { requestPem } from '../../util/certificate-request.testing.js';
import { defaultSigningDurationMs, planSigning, requestedDurationMs, type SigningAction } from './plan.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const jane = b64(await requestPem({ name: 'CN=jane, O=dev' }));
const node = b64(await requestPem({ name: 'CN=system:node:n1, O=system:nodes' }));
const nodeWithDns = b64(await requestPem({ name: 'CN=system:node:n1, O=system:nodes', dns: ['n1'] }));
const nodeOtherOrg = b64(await requestPem({ name: 'CN=system:node:n1, O=dev' }));
const serving = b64(await requestPem({ name: 'CN=system:node:n1, O=system:nodes', ips: ['10.0.0.1'] }));

const now = new Date('2026-06-01T12:00:00Z');
const caNotAfter = new Date('2036-01-01T00:00:00Z');
const at = (ms: number): Date => new Date(now.getTime() + ms);
const hour = 3600_000;
const approved: CertificateSigningRequestCondition = { type: 'Approved', status: 'True' };
const csr = (signerName: string, request: string, usages: string[], o: { conditions?: CertificateSigningRequestCondition[]; expirationSeconds?: number; certificate?: string } = {}): CertificateSigningRequest => ({
  metadata: { name: 'r' },
  spec: { request, signerName, usages, ...(o.expirationSeconds ? { expirationSeconds: o.expirationSeconds } : {}) },
  status: { conditions: o.conditions ?? [approved], ...(o.certificate ? { certificate: o.certificate } : {}) },
});
const client = 'kubernetes.io/kube-apiserver-client';
const kubelet = 'kubernetes.io/kube-apiserver-client-kubelet';
const fail = (message: string): SigningAction => ({ kind: 'fail', condition: { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message, lastUpdateTime: '2026-06-01T12:00:00Z' } });

const rows: { name: string; csr: CertificateSigningRequest; caNotAfter?: Date; want: SigningAction }[] = [
  { name: 'pending: left alone', csr: csr(client, jane, ['client auth'], { conditions: [] }), want: { kind: 'none' } },
  { name: 'approved and denied: left alone', csr: csr(client, jane, ['client auth'], { conditions: [approved, { type: 'Denied', status: 'True' }] }), want: { kind: 'none' } },
  { name: 'failed: left alone', csr: csr(client, jane, ['client auth'], { conditions: [approved, { type: 'Failed', status: 'True' }] }), want: { kind: 'none' } },
  { name: 'issued: left alone', csr: csr(client, jane, ['client auth'], { certificate: b64('x') }), want: { kind: 'none' } },
  { name: 'the legacy signer is never signed', csr: csr('kubernetes.io/legacy-unknown', jane, ['client auth']), want: { kind: 'none' } },
  { name: 'another signer is not ours', csr: csr('example.com/mine', jane, ['client auth']), want: { kind: 'none' } },
  { name: 'client signer: 1 hour requested (under 8 hours counts from now)', csr: csr(client, jane, ['client auth', 'digital signature'], { expirationSeconds: 3600 }), want: { kind: 'sign', usages: ['client auth', 'digital signature'], notBefore: at(-5 * 60_000), notAfter: at(hour) } },
  { name: 'client signer: 24 hours requested (counted from the backdated notBefore)', csr: csr(client, jane, ['client auth'], { expirationSeconds: 86400 }), want: { kind: 'sign', usages: ['client auth'], notBefore: at(-5 * 60_000), notAfter: at(-5 * 60_000 + 24 * hour) } },
  { name: 'client signer: no lifetime requested gets the signing duration', csr: csr(client, jane, ['client auth']), want: { kind: 'sign', usages: ['client auth'], notBefore: at(-5 * 60_000), notAfter: at(-5 * 60_000 + defaultSigningDurationMs) } },
  { name: 'client signer: never past the CA', csr: csr(client, jane, ['client auth']), caNotAfter: at(10 * hour), want: { kind: 'sign', usages: ['client auth'], notBefore: at(-5 * 60_000), notAfter: at(10 * hour) } },
  { name: 'client signer: an expired CA signs nothing', csr: csr(client, jane, ['client auth']), caNotAfter: at(-hour), want: { kind: 'error', message: 'the signer has expired: NotAfter=2026-06-01T11:00:00.000Z' } },
  { name: 'client signer: server auth is not a client usage', csr: csr(client, jane, ['client auth', 'server auth']), want: fail('invalid usage for client certificate') },
  { name: 'client signer: client auth is required', csr: csr(client, jane, ['digital signature']), want: fail('invalid usage for client certificate') },
  { name: 'kubelet client: a valid node request', csr: csr(kubelet, node, ['digital signature', 'client auth']), want: { kind: 'sign', usages: ['digital signature', 'client auth'], notBefore: at(-5 * 60_000), notAfter: at(-5 * 60_000 + defaultSigningDurationMs) } },
  { name: 'kubelet client: O must be exactly system:nodes', csr: csr(kubelet, nodeOtherOrg, ['digital signature', 'client auth']), want: fail('subject organization is not system:nodes') },
  { name: 'kubelet client: no SANs', csr: csr(kubelet, nodeWithDns, ['digital signature', 'client auth']), want: fail('DNS subjectAltNames are not allowed') },
  { name: 'an unparsable request is retried', csr: csr(kubelet, b64('x'), ['client auth']), want: { kind: 'error', message: 'unable to parse csr "r": PEM block type must be CERTIFICATE REQUEST' } },
  { name: 'kubelet client: usages exactly as upstream', csr: csr(kubelet, node, ['client auth']), want: fail('usages did not match [client auth digital signature key encipherment]') },
  { name: 'kubelet serving: a node request with an IP', csr: csr('kubernetes.io/kubelet-serving', serving, ['digital signature', 'key encipherment', 'server auth']), want: { kind: 'sign', usages: ['digital signature', 'key encipherment', 'server auth'], notBefore: at(-5 * 60_000), notAfter: at(-5 * 60_000 + defaultSigningDurationMs) } },
  { name: 'kubelet serving: a DNS or IP name is required', csr: csr('kubernetes.io/kubelet-serving', node, ['digital signature', 'server auth']), want: fail('DNS or IP subjectAltName is required') },
];
for (const r of rows) test(`planSigning(): ${r.name}`, () => assert.deepEqual(planSigning(r.csr, { now, signingDurationMs: defaultSigningDurationMs, caNotAfter: r.caNotAfter ?? caNotAfter }), r.want));

test('requestedDurationMs() keeps the request between 10 minutes and the signing duration', () => {
  assert.deepEqual([requestedDurationMs(hour, undefined), requestedDurationMs(hour, 7200), requestedDurationMs(hour, 1800), requestedDurationMs(hour, 60)], [hour, hour, 1800_000, 600_000]);
});
