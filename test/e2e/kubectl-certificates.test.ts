// e2e: CertificateSigningRequests through the real kubectl. openssl makes a key and request; the admin approves
// (a user without `approve` on the signer gets 403) and the cluster CA signs; the certificate authenticates as
// its CN and O (RBAC through a RoleBinding to group dev); a denied request gets no certificate; system:masters
// requests to the client signer are refused; a kubelet client request from a bootstrap user is auto-approved.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { kubectlAvailable, startSkiff, type RunResult, type SkiffProcess } from '../support/skiff-process.js';

const opensslAvailable = ((): boolean => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !kubectlAvailable() ? 'kubectl is not on PATH' : !opensslAvailable ? 'openssl is not on PATH' : false;

describe('CertificateSigningRequests through kubectl', { skip }, () => {
  let s: SkiffProcess;
  let dir = '';
  before(async () => {
    s = await startSkiff();
    dir = mkdtempSync(join(tmpdir(), 'skiff-csr-'));
  });
  after(async () => {
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** An EC P-256 key and a PKCS#10 request for the subject, made by openssl; returns the request PEM. */
  const request = (name: string, subject: string): string => {
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', subject], { stdio: 'pipe' });
    return readFileSync(join(dir, `${name}.csr`), 'utf8');
  };
  const csrObject = (name: string, pem: string, signerName: string, usages: string[], expirationSeconds?: number): string => JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name },
    spec: { request: Buffer.from(pem).toString('base64'), signerName, usages, ...(expirationSeconds ? { expirationSeconds } : {}) },
  });
  const ca = (): string => join(s.dataDir, 'tls', 'ca.crt');
  /** kubectl with only a bearer token (no admin certificate). */
  const asToken = (token: string, args: string[], input?: string): Promise<RunResult> =>
    s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${ca()}`, `--token=${token}`, ...args], input === undefined ? {} : { input });
  /** kubectl with a client certificate and key from `dir`. */
  const asCert = (name: string, ...args: string[]): Promise<RunResult> =>
    s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${ca()}`, `--client-certificate=${join(dir, `${name}.crt`)}`, `--client-key=${join(dir, `${name}.key`)}`, ...args]);
  const certificateOf = async (name: string): Promise<string> => Buffer.from(await s.k('get', 'csr', name, '-o', 'jsonpath={.status.certificate}'), 'base64').toString();

  test('a client certificate for jane (group dev): created Pending, refused to a user without approve, approved, signed, and it authenticates', async () => {
    const created = await s.create(csrObject('jane', request('jane', '/CN=jane/O=dev'), 'kubernetes.io/kube-apiserver-client', ['client auth'], 86400));
    assert.equal(created, 'certificatesigningrequest.certificates.k8s.io/jane created\n');
    const table = (await s.k('get', 'csr')).trimEnd().split('\n');
    assert.match(table[0]!, /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/);
    assert.match(table[1]!, /^jane\s+\d+s\s+kubernetes\.io\/kube-apiserver-client\s+skiff-admin\s+24h\s+Pending$/);
    // The requestor was recorded by the server.
    assert.equal(await s.k('get', 'csr', 'jane', '-o', 'jsonpath={.spec.username}'), 'skiff-admin');
    const described = await s.k('describe', 'csr', 'jane');
    assert.match(described, /Requesting User:\s+skiff-admin/);
    assert.match(described, /Signer:\s+kubernetes\.io\/kube-apiserver-client/);
    assert.match(described, /Status:\s+Pending/);
    assert.match(described, /Common Name:\s+jane/);
    assert.match(described, /Organization:\s+\[?dev\]?/);

    // A reviewer may read requests and write /approval, but holds no `approve` on the signer: CertificateApproval refuses.
    await s.k('create', 'serviceaccount', 'reviewer');
    await s.k('create', 'clusterrole', 'csr-reviewer', '--verb=get,list,watch,update', '--resource=certificatesigningrequests,certificatesigningrequests/approval');
    await s.k('create', 'clusterrolebinding', 'csr-reviewer', '--clusterrole=csr-reviewer', '--serviceaccount=default:reviewer');
    const reviewer = (await s.k('create', 'token', 'reviewer')).trim();
    const refused = await asToken(reviewer, ['certificate', 'approve', 'jane']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, 'Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "jane" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"\n');

    // A second request, denied: it never gets a certificate.
    await s.create(csrObject('bob', request('bob', '/CN=bob/O=dev'), 'kubernetes.io/kube-apiserver-client', ['client auth', 'digital signature']));
    assert.equal(await s.k('certificate', 'deny', 'bob'), 'certificatesigningrequest.certificates.k8s.io/bob denied\n');

    const t0 = Date.now();
    assert.equal(await s.k('certificate', 'approve', 'jane'), 'certificatesigningrequest.certificates.k8s.io/jane approved\n');
    await eventually(async () => assert.notEqual(await certificateOf('jane'), ''), { timeoutMs: 10_000 });
    const pem = await certificateOf('jane');
    writeFileSync(join(dir, 'jane.crt'), pem);
    const cert = new X509Certificate(pem);
    assert.equal(cert.subject, 'CN=jane\nO=dev');
    assert.equal(cert.issuer, 'CN=skiff-ca');
    assert.ok(cert.checkIssued(new X509Certificate(readFileSync(ca()))));
    // Valid from 5 minutes back (clock skew) for the 24 hours requested (counted from notBefore: at least 8 hours).
    const notBefore = Date.parse(cert.validFrom);
    const notAfter = Date.parse(cert.validTo);
    assert.ok(Math.abs(notBefore - (t0 - 5 * 60_000)) < 60_000, cert.validFrom);
    assert.ok(Math.abs(notAfter - (t0 - 5 * 60_000 + 24 * 3600_000)) < 60_000, cert.validTo);
    assert.equal(cert.ca, false);
    assert.match(await s.k('get', 'csr', 'jane', '--no-headers'), /\s+Approved,Issued\n$/);
    const reason = await s.k('get', 'csr', 'jane', '-o', 'jsonpath={.status.conditions[0].type} {.status.conditions[0].reason}');
    assert.equal(reason, 'Approved KubectlApprove');

    assert.match(await s.k('get', 'csr', 'bob', '--no-headers'), /\s+Denied\n$/);
    assert.equal(await certificateOf('bob'), '');

    // spec is immutable: an update of it is ignored, as upstream's strategy resets it.
    const patched = await s.kubectl(['patch', 'csr', 'jane', '--type=merge', '-p', '{"spec":{"signerName":"example.com/other","usages":["server auth"]}}']);
    assert.equal(patched.code, 0, patched.stderr);
    assert.equal(await s.k('get', 'csr', 'jane', '-o', 'jsonpath={.spec.signerName} {.spec.usages}'), 'kubernetes.io/kube-apiserver-client ["client auth"]');

    // The certificate authenticates as its CN and O.
    const who = await asCert('jane', 'auth', 'whoami', '-o', 'json');
    assert.equal(who.code, 0, who.stderr);
    const info = (JSON.parse(who.stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    assert.equal(info.username, 'jane');
    assert.deepEqual(info.groups, ['dev', 'system:authenticated']);

    // Group dev edits namespace a only.
    await s.k('create', 'namespace', 'a');
    await s.k('create', 'namespace', 'b');
    await s.k('create', 'rolebinding', 'dev-edit', '--clusterrole=edit', '--group=dev', '-n', 'a');
    const inA = await asCert('jane', 'create', 'deployment', 'web', '--image=nginx', '-n', 'a');
    assert.equal(inA.code, 0, inA.stderr);
    assert.equal(inA.stdout, 'deployment.apps/web created\n');
    const inB = await asCert('jane', 'create', 'deployment', 'web', '--image=nginx', '-n', 'b');
    assert.equal(inB.code, 1);
    assert.equal(inB.stderr, 'error: failed to create deployment: deployments.apps is forbidden: User "jane" cannot create resource "deployments" in API group "apps" in the namespace "b"\n');
  });

  test('requests the API refuses: system:masters from the client signer (403), a lifetime under 10 minutes (422)', async () => {
    const masters = await s.kubectl(['create', '-f', '-'], { input: csrObject('root', request('root', '/CN=root/O=system:masters'), 'kubernetes.io/kube-apiserver-client', ['client auth']) });
    assert.equal(masters.code, 1);
    assert.equal(masters.stderr, 'Error from server (Forbidden): error when creating "STDIN": certificatesigningrequests.certificates.k8s.io "root" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed\n');
    const short = await s.kubectl(['create', '-f', '-'], { input: csrObject('short', request('short', '/CN=short'), 'kubernetes.io/kube-apiserver-client', ['client auth'], 300) });
    assert.equal(short.code, 1);
    assert.equal(short.stderr, 'The CertificateSigningRequest "short" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 600 seconds (10 minutes)\n');
    const garbage = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'garbage' }, spec: { request: Buffer.from('hello').toString('base64'), signerName: 'example', usages: ['client auth', 'flying'] } }) });
    assert.equal(garbage.code, 1);
    assert.match(garbage.stderr, /spec\.request: Invalid value: .*: PEM block type must be CERTIFICATE REQUEST/);
    assert.match(garbage.stderr, /spec\.usages\[1\]: Unsupported value: "flying": supported values: "any", "cert sign"/);
    assert.match(garbage.stderr, /spec\.signerName: Invalid value: "example": must be a fully qualified domain and path of the form 'example.com\/signer-name'/);
  });

  test('a kubelet client request from a bootstrap user bound to nodeclient is auto-approved and signed', async () => {
    await s.k('create', 'serviceaccount', 'bootstrap', '-n', 'kube-system');
    await s.k('create', 'clusterrolebinding', 'node-bootstrapper', '--clusterrole=system:node-bootstrapper', '--serviceaccount=kube-system:bootstrap');
    await s.k('create', 'clusterrolebinding', 'node-autoapprove', '--clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient', '--serviceaccount=kube-system:bootstrap');
    const token = (await s.k('create', 'token', 'bootstrap', '-n', 'kube-system')).trim();
    const c = await asToken(token, ['create', '-f', '-'], csrObject('node-csr-n1', request('n1', '/O=system:nodes/CN=system:node:n1'), 'kubernetes.io/kube-apiserver-client-kubelet', ['digital signature', 'client auth']));
    assert.equal(c.code, 0, c.stderr);
    await eventually(async () => assert.notEqual(await certificateOf('node-csr-n1'), ''), { timeoutMs: 10_000 });
    const condition = await s.k('get', 'csr', 'node-csr-n1', '-o', 'jsonpath={.status.conditions[0].type}|{.status.conditions[0].reason}|{.status.conditions[0].message}');
    assert.equal(condition, 'Approved|AutoApproved|Auto approving kubelet client certificate after SubjectAccessReview.');
    writeFileSync(join(dir, 'n1.crt'), await certificateOf('node-csr-n1'));
    const who = await asCert('n1', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}');
    assert.equal(who.code, 0, who.stderr);
    assert.equal(who.stdout, 'system:node:n1 ["system:nodes","system:authenticated"]');
    // A kubelet client request that breaks the signer's rules (a DNS name) is not auto-approved; approved by hand, it fails.
    const bad = request('n2', '/O=system:nodes/CN=system:node:n2');
    await s.create(csrObject('node-csr-bad', bad, 'kubernetes.io/kube-apiserver-client-kubelet', ['digital signature', 'client auth', 'server auth']));
    await s.k('certificate', 'approve', 'node-csr-bad');
    await eventually(async () => assert.match(await s.k('get', 'csr', 'node-csr-bad', '--no-headers'), /Approved,Failed\n$/), { timeoutMs: 10_000 });
    const failed = await s.k('get', 'csr', 'node-csr-bad', '-o', 'jsonpath={.status.conditions[1].reason}|{.status.conditions[1].message}');
    assert.equal(failed, 'SignerValidationFailure|usages did not match [client auth digital signature key encipherment]');
  });
});
