import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admissionReview, decodeJsonPatch, denialStatus, InvalidReviewResponseError, verifyAdmissionResponse } from './admission-review.js';

test('admissionReview() builds a v1 AdmissionReview and leaves out empty fields', () => {
  const review = admissionReview({
    uid: 'u1', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' }, subResource: '',
    requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
    name: 'web', namespace: 'default', operation: 'CREATE', userInfo: { username: 'alice', groups: ['devs'] }, object: { kind: 'Deployment' }, oldObject: null, dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
  });
  assert.deepEqual(review, {
    kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1',
    request: {
      uid: 'u1', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web', namespace: 'default', operation: 'CREATE', userInfo: { username: 'alice', groups: ['devs'] }, object: { kind: 'Deployment' }, oldObject: null, dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  });
});

const reply = (response: Record<string, unknown>, top: Record<string, unknown> = {}): unknown => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u1', ...response }, ...top });
const patch = Buffer.from('[{"op":"add","path":"/x","value":1}]').toString('base64');

const refusals: { name: string; body: unknown; mutating?: boolean; want: string }[] = [
  { name: 'an absent response', body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, want: 'webhook response was absent' },
  { name: 'another kind', body: reply({ allowed: true }, { apiVersion: 'admission.k8s.io/v1beta1' }), want: 'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview' },
  { name: 'another uid', body: reply({ allowed: true, uid: 'u2' }), want: 'expected response.uid="u1", got "u2"' },
  { name: 'a patch from a validating webhook', body: reply({ allowed: true, patch, patchType: 'JSONPatch' }), want: 'validating webhook may not return response.patch' },
  { name: 'a patch without patchType', body: reply({ allowed: true, patch }), mutating: true, want: 'webhook returned response.patch but not response.patchType' },
  { name: 'an unknown patchType', body: reply({ allowed: true, patch, patchType: 'Merge' }), mutating: true, want: 'webhook returned invalid response.patchType of "Merge"' },
  { name: 'a patchType without patch', body: reply({ allowed: true, patchType: 'JSONPatch' }), mutating: true, want: 'webhook returned response.patchType but not response.patch' },
];
for (const c of refusals) {
  test(`verifyAdmissionResponse() refuses ${c.name}`, () => {
    assert.throws(() => verifyAdmissionResponse('u1', c.mutating ?? false, c.body), (e: unknown) => e instanceof InvalidReviewResponseError && e.message === c.want);
  });
}

test('verifyAdmissionResponse() answers the decision, patch, warnings and audit annotations', () => {
  const r = verifyAdmissionResponse('u1', true, reply({ allowed: true, patch, patchType: 'JSONPatch', warnings: ['careful'], auditAnnotations: { k: 'v' } }));
  assert.deepEqual(r, { allowed: true, status: undefined, patch, warnings: ['careful'], auditAnnotations: { k: 'v' } });
  assert.deepEqual(decodeJsonPatch(patch), [{ op: 'add', path: '/x', value: 1 }]);
  assert.throws(() => decodeJsonPatch(Buffer.from('{').toString('base64')), /^InvalidReviewResponseError: received undecodable patch in webhook response: /);
});

test('denialStatus() follows upstream: at least 400, message prefixed, reason as given', () => {
  assert.deepEqual(denialStatus('x.example.com', { code: 403, reason: 'Forbidden', message: 'no' }), { code: 403, reason: 'Forbidden', message: 'admission webhook "x.example.com" denied the request: no', details: undefined });
  assert.deepEqual(denialStatus('x.example.com', JSON.parse('{"code":200,"reason":"NotAllowed"}') as { code: number }), { code: 400, reason: 'NotAllowed', message: 'admission webhook "x.example.com" denied the request: NotAllowed', details: undefined });
  assert.equal(denialStatus('x.example.com', undefined).message, 'admission webhook "x.example.com" denied the request without explanation');
});
