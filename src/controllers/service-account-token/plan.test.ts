import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { planTokenSecret, populated, type TokenSecretAction } from './plan.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ca = '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n';
const account: ServiceAccount = { metadata: { name: 'bot', namespace: 'ns', uid: 'sa-1' } };
const secret = (over: { annotations?: Record<string, string>; data?: Record<string, string>; type?: string; deleting?: boolean } = {}): Secret => ({
  metadata: { name: 'bot-token', namespace: 'ns', annotations: { 'kubernetes.io/service-account.name': 'bot', ...over.annotations }, ...(over.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  type: over.type ?? 'kubernetes.io/service-account-token',
  ...(over.data ? { data: over.data } : {}),
});
const complete = { 'ca.crt': b64(ca), namespace: b64('ns'), token: b64('t') };

const rows: { name: string; secret: Secret; account?: ServiceAccount; tokenValid?: boolean; want: TokenSecretAction }[] = [
  { name: 'a new token Secret gets everything', secret: secret(), account, want: { kind: 'populate', token: true, caCrt: true, namespace: true, uid: 'sa-1' } },
  { name: 'a complete one is left alone', secret: secret({ annotations: { 'kubernetes.io/service-account.uid': 'sa-1' }, data: complete }), account, tokenValid: true, want: { kind: 'none' } },
  { name: 'a forged or stale token is replaced', secret: secret({ annotations: { 'kubernetes.io/service-account.uid': 'sa-1' }, data: complete }), account, tokenValid: false, want: { kind: 'populate', token: true, caCrt: false, namespace: false, uid: 'sa-1' } },
  { name: 'an edited ca.crt is put back', secret: secret({ annotations: { 'kubernetes.io/service-account.uid': 'sa-1' }, data: { ...complete, 'ca.crt': b64('x') } }), account, tokenValid: true, want: { kind: 'populate', token: false, caCrt: true, namespace: false, uid: 'sa-1' } },
  { name: 'no account: deleted', secret: secret(), want: { kind: 'delete' } },
  { name: 'an account of the same name recreated: deleted', secret: secret({ annotations: { 'kubernetes.io/service-account.uid': 'sa-0' }, data: complete }), account, tokenValid: true, want: { kind: 'delete' } },
  { name: 'another type: ignored', secret: secret({ type: 'Opaque' }), want: { kind: 'none' } },
  { name: 'being deleted: ignored', secret: secret({ deleting: true }), want: { kind: 'none' } },
];
for (const r of rows) test(`planTokenSecret(): ${r.name}`, () => assert.deepEqual(planTokenSecret({ secret: r.secret, account: r.account, tokenValid: r.tokenValid ?? false, caPem: ca }), r.want));

test('populated() fills the planned keys and the uid annotation, keeping the rest', () => {
  const s = populated(secret({ data: { extra: b64('kept') } }), { kind: 'populate', token: true, caCrt: true, namespace: true, uid: 'sa-1' }, 'tok', ca);
  assert.deepEqual(s.data, { extra: b64('kept'), token: b64('tok'), 'ca.crt': b64(ca), namespace: b64('ns') });
  assert.equal(s.metadata?.annotations?.['kubernetes.io/service-account.uid'], 'sa-1');
});
