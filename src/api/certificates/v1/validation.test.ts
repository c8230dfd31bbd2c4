import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { errorString, type KubeObject } from '../../meta/index.js';
import { requestPem, testCa } from '../../../util/certificate-request.testing.js';
import { validateCsrCreate, validateCsrUpdate, type CsrUpdatePath } from './validation.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const request = b64(await requestPem({ name: 'CN=jane, O=dev' }));
const certificate = b64((await testCa()).certPem);
const other = b64((await testCa()).certPem);

const csr = (over: { spec?: Partial<CertificateSigningRequest['spec']>; conditions?: CertificateSigningRequestCondition[]; certificate?: string } = {}): KubeObject => ({
  apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'jane', resourceVersion: '1' },
  spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...over.spec },
  status: { ...(over.conditions ? { conditions: over.conditions } : {}), ...(over.certificate ? { certificate: over.certificate } : {}) },
}) as unknown as KubeObject;
const approved: CertificateSigningRequestCondition = { type: 'Approved', status: 'True', reason: 'R' };
const denied: CertificateSigningRequestCondition = { type: 'Denied', status: 'True' };

const createRows: { name: string; obj: KubeObject; want: string[] }[] = [
  { name: 'a valid request', obj: csr(), want: [] },
  {
    name: 'a request that is not a CSR', obj: csr({ spec: { request: b64('hello') } }),
    want: [`spec.request: Invalid value: "${b64('hello')}": PEM block type must be CERTIFICATE REQUEST`],
  },
  { name: 'no usages', obj: csr({ spec: { usages: [] } }), want: ['spec.usages: Required value'] },
  {
    name: 'unknown and duplicate usages', obj: csr({ spec: { usages: ['client auth', 'flying', 'client auth'] } }),
    want: [
      'spec.usages[1]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"',
      'spec.usages[2]: Duplicate value: "client auth"',
    ],
  },
  { name: 'no signerName', obj: csr({ spec: { signerName: '' } }), want: ['spec.signerName: Required value'] },
  { name: 'a signerName without a path', obj: csr({ spec: { signerName: 'example.com' } }), want: [`spec.signerName: Invalid value: "example.com": must be a fully qualified domain and path of the form 'example.com/signer-name'`] },
  { name: 'a signerName whose domain has one label', obj: csr({ spec: { signerName: 'example/signer' } }), want: ['spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots'] },
  { name: 'the legacy signer', obj: csr({ spec: { signerName: 'kubernetes.io/legacy-unknown' } }), want: ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'] },
  { name: 'a lifetime under 10 minutes', obj: csr({ spec: { expirationSeconds: 599 } }), want: ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)'] },
  { name: 'expirationSeconds 600 is the minimum', obj: csr({ spec: { expirationSeconds: 600 } }), want: [] },
  {
    name: 'Approved and Denied together, duplicated types, an Approved that is not True, a condition without type or status',
    obj: csr({ conditions: [approved, denied, { type: 'Approved', status: 'False' }, { type: '', status: '' }] }),
    want: [
      'status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
      'status.conditions[2].status: Unsupported value: "False": supported values: "True"',
      'status.conditions[2].type: Invalid value: "Approved": Approved and Denied conditions are mutually exclusive',
      'status.conditions[2].type: Duplicate value: "Approved"',
      'status.conditions[3].type: Required value',
      'status.conditions[3].status: Required value',
    ],
  },
  { name: 'a certificate that is not PEM', obj: csr({ certificate: b64('junk') }), want: ['status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block'] },
];
for (const r of createRows) test(`validateCsrCreate(): ${r.name}`, () => assert.deepEqual(validateCsrCreate(r.obj).map(errorString), r.want));

const updateRows: { name: string; path: CsrUpdatePath; old: KubeObject; obj: KubeObject; want: string[] }[] = [
  { name: 'main: adding Approved is forbidden', path: 'main', old: csr(), obj: csr({ conditions: [approved] }), want: ['status.conditions: Forbidden: updates may not add a condition of type "Approved"'] },
  { name: 'main: setting the certificate is forbidden', path: 'main', old: csr(), obj: csr({ certificate }), want: ['status.certificate: Forbidden: updates may not set certificate content'] },
  { name: 'approval: adding Approved', path: 'approval', old: csr(), obj: csr({ conditions: [approved] }), want: [] },
  { name: 'approval: removing Approved is forbidden', path: 'approval', old: csr({ conditions: [approved] }), obj: csr(), want: ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'] },
  { name: 'approval: Denied after Approved is refused', path: 'approval', old: csr({ conditions: [approved] }), obj: csr({ conditions: [approved, denied] }), want: ['status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive'] },
  { name: 'status: the certificate is set', path: 'status', old: csr({ conditions: [approved] }), obj: csr({ conditions: [approved], certificate }), want: [] },
  { name: 'status: adding Denied is forbidden', path: 'status', old: csr(), obj: csr({ conditions: [denied] }), want: ['status.conditions: Forbidden: updates may not add a condition of type "Denied"'] },
  {
    name: 'status: replacing an issued certificate is forbidden', path: 'status', old: csr({ conditions: [approved], certificate }), obj: csr({ conditions: [approved], certificate: other }),
    want: ['status.certificate: Forbidden: updates may not modify existing certificate content'],
  },
  { name: 'status: a Failed condition may be added', path: 'status', old: csr({ conditions: [approved] }), obj: csr({ conditions: [approved, { type: 'Failed', status: 'True', reason: 'SignerValidationFailure' }] }), want: [] },
  {
    name: 'stored data keeps what it already had (duplicate usages tolerated)', path: 'main',
    old: csr({ spec: { usages: ['client auth', 'client auth'] } }), obj: csr({ spec: { usages: ['client auth', 'client auth'] } }), want: [],
  },
];
for (const r of updateRows) test(`validateCsrUpdate(): ${r.name}`, () => assert.deepEqual(validateCsrUpdate(r.obj, r.old, r.path).map(errorString), r.want));
