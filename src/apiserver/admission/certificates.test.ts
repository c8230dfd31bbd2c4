import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, lookupResource, type KubeObject } from '../../api/index.js';
import { requestPem } from '../../util/certificate-request.testing.js';
import type { Attributes, Authorizer } from '../auth/authorizer.js';
import type { UserInfo } from '../registry/context.js';
import { certificateApprovalAdmission, certificateSigningAdmission, certificateSubjectRestrictionAdmission } from './certificates.js';

const desc = lookupResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')!;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const jane = b64(await requestPem({ name: 'CN=jane, O=dev' }));
const root = b64(await requestPem({ name: 'CN=root, O=dev, O=system:masters' }));
const csr = (signerName: string, request = jane, certificate?: string): KubeObject => ({
  metadata: { name: 'r' }, spec: { request, signerName, usages: ['client auth'] }, status: certificate ? { certificate } : {},
});

/** Grants: `<user> <verb> <signer name>` lines; every check asked is recorded. */
function authorizer(grants: string[], asked: string[] = []): Authorizer {
  return {
    authorize(a: Attributes) {
      const line = `${a.user.name} ${a.verb} ${a.apiGroup}/${a.resource}/${a.name}`;
      asked.push(line);
      return grants.includes(`${a.user.name} ${a.verb} ${a.name}`) && a.apiGroup === 'certificates.k8s.io' && a.resource === 'signers' ? { kind: 'allow', reason: '' } : { kind: 'noOpinion', reason: '' };
    },
  };
}
const attrs = (name: string, subresource: string) => ({ ctx: { user: { name, groups: [] } as UserInfo, dryRun: false, fieldManager: 'm', fieldValidation: 'Strict' as const, warnings: [] }, subresource });

async function outcome(run: () => void | Promise<void>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (e: unknown) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 403);
    return e.message;
  }
}

test('CertificateApproval: /approval writes need approve on the signer, by name or <domain>/*', async () => {
  const asked: string[] = [];
  const plugin = certificateApprovalAdmission(authorizer(['alice approve kubernetes.io/kube-apiserver-client', 'bob approve example.com/*'], asked));
  const obj = csr('kubernetes.io/kube-apiserver-client');
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, obj, obj, attrs('alice', 'approval'))), 'ok');
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, csr('example.com/mine'), obj, attrs('bob', 'approval'))), 'ok');
  assert.equal(
    await outcome(() => plugin.admit('UPDATE', desc, obj, obj, attrs('bob', 'approval'))),
    'certificatesigningrequests.certificates.k8s.io "r" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"',
  );
  assert.deepEqual(asked.slice(-2), ['bob approve certificates.k8s.io/signers/kubernetes.io/kube-apiserver-client', 'bob approve certificates.k8s.io/signers/kubernetes.io/*']);
  // Other writes are not its business.
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, obj, obj, attrs('bob', ''))), 'ok');
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, obj, obj, attrs('bob', 'status'))), 'ok');
});

test('CertificateSigning: a changed status.certificate needs sign on the stored signer; other status writes pass', async () => {
  const plugin = certificateSigningAdmission(authorizer(['ctrl sign kubernetes.io/kube-apiserver-client']));
  const old = csr('kubernetes.io/kube-apiserver-client');
  const signed = csr('kubernetes.io/kube-apiserver-client', jane, b64('cert'));
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, signed, old, attrs('ctrl', 'status'))), 'ok');
  assert.equal(
    await outcome(() => plugin.admit('UPDATE', desc, signed, old, attrs('eve', 'status'))),
    'certificatesigningrequests.certificates.k8s.io "r" is forbidden: user not permitted to sign requests with signerName "kubernetes.io/kube-apiserver-client"',
  );
  assert.equal(await outcome(() => plugin.admit('UPDATE', desc, old, old, attrs('eve', 'status'))), 'ok');
});

test('CertificateSubjectRestriction: system:masters is refused to the kube-apiserver-client signer only', async () => {
  const run = (obj: KubeObject) => outcome(() => certificateSubjectRestrictionAdmission.admit('CREATE', desc, obj, undefined, attrs('jane', '')));
  assert.equal(await run(csr('kubernetes.io/kube-apiserver-client', root)), 'certificatesigningrequests.certificates.k8s.io "r" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  assert.equal(await run(csr('kubernetes.io/kube-apiserver-client', jane)), 'ok');
  assert.equal(await run(csr('example.com/mine', root)), 'ok');
  assert.equal(await run(csr('kubernetes.io/kube-apiserver-client', b64('junk'))), 'certificatesigningrequests.certificates.k8s.io "r" is forbidden: failed to parse CSR: PEM block type must be CERTIFICATE REQUEST');
});
