// e2e: RBAC through the real kubectl. The seed's nfs-client-provisioner ServiceAccount, ClusterRole and
// ClusterRoleBinding; its token allowed exactly what the role grants; the reviews behind `kubectl auth can-i`
// (with --list and --as), `kubectl auth whoami` and TokenReview; impersonation checked against the impersonate
// verb; tokens that die with their account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { fixtures, kubectlAvailable, startSkiff, type RunResult, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const sa = 'system:serviceaccount:default:nfs-client-provisioner';
type ReviewObject = { apiVersion: string; kind: string; metadata?: { namespace?: string }; spec: object };
const eventuallyEqual = (got: () => Promise<string>, want: string): Promise<void> => eventually(async () => assert.equal(await got(), want));

describe('RBAC through kubectl', { skip }, () => {
  let s: SkiffProcess;
  let token = '';
  before(async () => {
    s = await startSkiff({ args: ['--simulated-nodes', '1'] });
    await s.k('apply', '-f', join(fixtures, 'nfs-client-sa.yaml'));
    token = (await s.k('create', 'token', 'nfs-client-provisioner')).trim();
  });
  after(async () => { await s?.stop(); });
  /** kubectl with only a bearer token (no admin certificate). */
  const asToken = (t: string, ...args: string[]): Promise<RunResult> =>
    s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${join(s.dataDir, 'tls', 'ca.crt')}`, `--token=${t}`, ...args]);

  test('the provisioner token does what its ClusterRole allows and gets upstream 403s for the rest', async () => {
    const pvs = await asToken(token, 'get', 'pv');
    assert.equal(pvs.code, 0, pvs.stderr);
    const pv = JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-by-sa' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv-by-sa' } } });
    const c = await s.kubectl(['--kubeconfig=/dev/null', `--server=${s.url}`, `--certificate-authority=${join(s.dataDir, 'tls', 'ca.crt')}`, `--token=${token}`, 'create', '-f', '-'], { input: pv });
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout, 'persistentvolume/pv-by-sa created\n');
    const pods = await asToken(token, 'get', 'pods');
    assert.equal(pods.code, 1);
    assert.equal(pods.stderr, `Error from server (Forbidden): pods is forbidden: User "${sa}" cannot list resource "pods" in API group "" in the namespace "default"\n`);
    const del = await asToken(token, 'delete', 'storageclass', 'local-path');
    assert.equal(del.stderr, `Error from server (Forbidden): storageclasses.storage.k8s.io "local-path" is forbidden: User "${sa}" cannot delete resource "storageclasses" in API group "storage.k8s.io" at the cluster scope\n`);
    const secrets = await asToken(token, 'get', 'secret', 'x', '-n', 'kube-system');
    assert.equal(secrets.stderr, `Error from server (Forbidden): secrets "x" is forbidden: User "${sa}" cannot get resource "secrets" in API group "" in the namespace "kube-system"\n`);
  });

  test('kubectl auth can-i answers truthfully, for oneself and --as another (exit 0 yes, 1 no)', async () => {
    const yes = await asToken(token, 'auth', 'can-i', 'create', 'persistentvolumes');
    assert.deepEqual([yes.code, yes.stdout], [0, 'yes\n']);
    const no = await asToken(token, 'auth', 'can-i', 'delete', 'nodes');
    assert.deepEqual([no.code, no.stdout], [1, 'no\n']);
    const patchEvents = await asToken(token, 'auth', 'can-i', 'patch', 'events', '-n', 'kube-system');
    assert.deepEqual([patchEvents.code, patchEvents.stdout], [0, 'yes\n']);
    // The admin asks on the account's behalf (SelfSubjectAccessReview with Impersonate-User).
    assert.equal((await s.kubectl(['auth', 'can-i', 'list', 'storageclasses.storage.k8s.io', `--as=${sa}`])).stdout, 'yes\n');
    assert.equal((await s.kubectl(['auth', 'can-i', 'get', 'secrets', `--as=${sa}`])).stdout, 'no\n');
    assert.equal((await s.kubectl(['auth', 'can-i', 'get', 'secrets'])).stdout, 'yes\n');
    // Non-resource URLs: everyone authenticated may read /version and /healthz, not /metrics.
    assert.equal((await asToken(token, 'auth', 'can-i', 'get', '/version')).stdout, 'yes\n');
    assert.equal((await asToken(token, 'auth', 'can-i', 'get', '/metrics')).stdout, 'no\n');
  });

  test('kubectl auth can-i --list prints the rules the account holds in the namespace', async () => {
    const r = await asToken(token, 'auth', 'can-i', '--list', '-n', 'default');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    const row = (re: RegExp): string | undefined => lines.find((l) => re.test(l));
    assert.ok(row(/^persistentvolumes\s+\[\]\s+\[\]\s+\[get list watch create delete\]$/), r.stdout);
    assert.ok(row(/^persistentvolumeclaims\s+\[\]\s+\[\]\s+\[get list watch update\]$/), r.stdout);
    assert.ok(row(/^storageclasses\.storage\.k8s\.io\s+\[\]\s+\[\]\s+\[get list watch\]$/), r.stdout);
    assert.ok(row(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/), r.stdout);
    assert.ok(row(/^\s+\[\/version\]\s+\[\]\s+\[get\]$/), r.stdout);
    assert.equal(row(/^pods\s/), undefined);
    // The admin holds everything (cluster-admin through system:masters).
    assert.match(await s.k('auth', 'can-i', '--list'), /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  });

  test('kubectl auth whoami shows the account with its bound-token extras; TokenReview and SubjectAccessReview answer', async () => {
    const who = await asToken(token, 'auth', 'whoami', '-o', 'json');
    assert.equal(who.code, 0, who.stderr);
    const info = (JSON.parse(who.stdout) as { status: { userInfo: { username: string; uid: string; groups: string[]; extra: Record<string, string[]> } } }).status.userInfo;
    assert.equal(info.username, sa);
    assert.equal(info.uid, await s.k('get', 'sa', 'nfs-client-provisioner', '-o', 'jsonpath={.metadata.uid}'));
    assert.deepEqual(info.groups, ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    assert.match(info.extra['authentication.kubernetes.io/credential-id']?.[0] ?? '', /^JTI=/);
    // POSTed as they are (kubectl create --raw): the reviews' kinds have no PATCH for kubectl's OpenAPI v3 check.
    const path = (o: ReviewObject): string =>
      `/apis/${o.apiVersion}/${o.metadata?.namespace ? `namespaces/${o.metadata.namespace}/` : ''}${o.kind.toLowerCase()}s`;
    const post = (obj: ReviewObject): Promise<RunResult> => s.kubectl(['create', '--raw', path(obj), '-f', '-'], { input: JSON.stringify(obj) });
    const review = async (obj: ReviewObject): Promise<Record<string, unknown>> => {
      const r = await post(obj);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { status: Record<string, unknown> }).status;
    };
    const tr = await review({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } });
    assert.equal(tr['authenticated'], true);
    assert.equal((tr['user'] as { username: string }).username, sa);
    assert.deepEqual(tr['audiences'], ['https://kubernetes.default.svc.cluster.local']);
    const bad = await review({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'not-a-token' } });
    assert.equal(bad['authenticated'], undefined);
    assert.match(String(bad['error']), /invalid bearer token/);
    const otherAudience = await review({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, audiences: ['vault'] } });
    assert.equal(otherAudience['authenticated'], undefined);
    const sar = await review({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: sa, groups: ['system:serviceaccounts'], resourceAttributes: { verb: 'delete', resource: 'persistentvolumes', name: 'pv-by-sa' } } });
    assert.deepEqual(sar, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "run-nfs-client-provisioner" of ClusterRole "nfs-client-provisioner-runner" to ServiceAccount "nfs-client-provisioner/default"' });
    const lsar = await review({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, spec: { user: sa, resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } } });
    assert.deepEqual(lsar, { allowed: false });
    const invalidSar = await post({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    assert.equal(invalidSar.stderr, 'The SubjectAccessReview "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified\n');
    const mismatch = await post({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, spec: { user: 'x', resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' } } });
    assert.equal(mismatch.stderr, 'Error from server (BadRequest): spec.resourceAttributes.namespace must match namespace: default\n');
  });

  test('impersonation needs the impersonate verb on users, groups and service accounts', async () => {
    // kubectl's discovery fails first (its memcache lines), then the request itself: the last line is the 403.
    const lastLine = (r: RunResult): string => r.stderr.trimEnd().split('\n').pop() ?? '';
    const asBob = await asToken(token, 'get', 'pv', '--as=bob');
    assert.equal(lastLine(asBob) + '\n', `Error from server (Forbidden): users "bob" is forbidden: User "${sa}" cannot impersonate resource "users" in API group "" at the cluster scope\n`);
    await s.k('create', 'clusterrole', 'impersonator', '--verb=impersonate', '--resource=users', '--resource-name=bob');
    await s.k('create', 'clusterrolebinding', 'impersonator', '--clusterrole=impersonator', `--serviceaccount=default:nfs-client-provisioner`);
    // bob may be impersonated now, but holds nothing himself.
    await eventuallyEqual(async () => (await asToken(token, 'get', 'pv', '--as=bob')).stderr, 'Error from server (Forbidden): persistentvolumes is forbidden: User "bob" cannot list resource "persistentvolumes" in API group "" at the cluster scope\n');
    const withGroup = await asToken(token, 'get', 'pv', '--as=bob', '--as-group=system:masters');
    assert.equal(lastLine(withGroup) + '\n', `Error from server (Forbidden): groups "system:masters" is forbidden: User "${sa}" cannot impersonate resource "groups" in API group "" at the cluster scope\n`);
    const alice = await asToken(token, 'get', 'pv', '--as=alice');
    assert.match(alice.stderr, /users "alice" is forbidden: User "system:serviceaccount:default:nfs-client-provisioner" cannot impersonate/);
    // The admin may impersonate anyone: acting as the account, it gets the account's answers.
    const whoAs = await s.k('auth', 'whoami', `--as=${sa}`);
    assert.match(whoAs, new RegExp(`^Username\\s+${sa}$`, 'm'));
    assert.match(whoAs, /^Groups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]$/m);
  });

  test('a token stops working when its account is deleted, even if one of the same name comes back', async () => {
    await s.k('create', 'sa', 'shortlived');
    const t = (await s.k('create', 'token', 'shortlived')).trim();
    assert.equal((await asToken(t, 'auth', 'whoami')).code, 0);
    await s.k('delete', 'sa', 'shortlived');
    await eventuallyEqual(async () => (await asToken(t, 'auth', 'whoami')).stderr, 'error: You must be logged in to the server (Unauthorized)\n');
    await s.k('create', 'sa', 'shortlived');
    assert.equal((await asToken(t, 'auth', 'whoami')).stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });

  test('escalation prevention: a namespace admin grants what it holds there and nothing more; bind and escalate lift it', async () => {
    await s.k('create', 'namespace', 'team');
    await s.k('create', 'sa', 'lead', '-n', 'team');
    await s.k('create', 'rolebinding', 'lead-admin', '--clusterrole=admin', '--serviceaccount=team:lead', '-n', 'team');
    const lead = (await s.k('create', 'token', 'lead', '-n', 'team')).trim();
    const who = 'system:serviceaccount:team:lead';
    const groups = '["system:serviceaccounts" "system:serviceaccounts:team" "system:authenticated"]';
    // Within its namespace: a Role over secrets and a binding of `edit` are its to give.
    assert.equal((await asToken(lead, 'create', 'role', 'secret-reader', '--verb=get,list', '--resource=secrets', '-n', 'team')).stdout, 'role.rbac.authorization.k8s.io/secret-reader created\n');
    assert.equal((await asToken(lead, 'create', 'rolebinding', 'dev-edit', '--clusterrole=edit', '--group=dev', '-n', 'team')).stdout, 'rolebinding.rbac.authorization.k8s.io/dev-edit created\n');
    // Nodes are not: neither in a Role nor by binding cluster-admin.
    const nodesRole = await asToken(lead, 'create', 'role', 'node-reader', '--verb=get', '--resource=nodes', '-n', 'team');
    assert.equal(nodesRole.stderr, `Error from server (Forbidden): roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "${who}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}\n`);
    const bindAdmin = await asToken(lead, 'create', 'rolebinding', 'root', '--clusterrole=cluster-admin', '--user=mallory', '-n', 'team');
    assert.equal(bindAdmin.stderr, `error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "root" is forbidden: user "${who}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}\n`);
    // The bind verb on cluster-admin lets it bind what it does not hold.
    await s.k('create', 'clusterrole', 'bind-cluster-admin', '--verb=bind', '--resource=clusterroles', '--resource-name=cluster-admin');
    await s.k('create', 'rolebinding', 'lead-may-bind', '--clusterrole=bind-cluster-admin', '--serviceaccount=team:lead', '-n', 'team');
    await eventually(async () => assert.equal((await asToken(lead, 'create', 'rolebinding', 'root', '--clusterrole=cluster-admin', '--user=mallory', '-n', 'team')).stdout, 'rolebinding.rbac.authorization.k8s.io/root created\n'));
  });

  test('kubectl auth reconcile creates and updates roles and bindings from a file', async () => {
    const manifest = (verbs: string[]): string => JSON.stringify({
      apiVersion: 'v1', kind: 'List', items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cm-reader', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }] },
      ],
    });
    const first = await s.kubectl(['auth', 'reconcile', '-f', '-'], { input: manifest(['get']) });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'role.rbac.authorization.k8s.io/cm-reader reconciled\nrolebinding.rbac.authorization.k8s.io/cm-reader reconciled\n');
    assert.equal(await s.k('get', 'rolebinding', 'cm-reader', '-o', 'jsonpath={.subjects[*].name}'), 'carol');
    const second = await s.kubectl(['auth', 'reconcile', '-f', '-'], { input: manifest(['get', 'list']) });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'role.rbac.authorization.k8s.io/cm-reader reconciled\nrolebinding.rbac.authorization.k8s.io/cm-reader reconciled\n');
    assert.equal(await s.k('get', 'role', 'cm-reader', '-o', 'jsonpath={.rules[*].verbs}'), '["get"] ["list"]');
    assert.equal((await s.kubectl(['auth', 'can-i', 'list', 'configmaps', '--as=carol'])).stdout, 'yes\n');
  });

  test('a kubernetes.io/service-account-token Secret is filled with a long-lived token, which dies with the Secret or the account', async () => {
    await s.k('create', 'sa', 'dashboard');
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dashboard-token', annotations: { 'kubernetes.io/service-account.name': 'dashboard' } }, type: 'kubernetes.io/service-account-token' }));
    const token = await eventually(async () => {
      const b64 = await s.k('get', 'secret', 'dashboard-token', '-o', 'jsonpath={.data.token}');
      assert.notEqual(b64, '');
      return Buffer.from(b64, 'base64').toString('utf8');
    });
    assert.equal(await s.k('get', 'secret', 'dashboard-token', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/service-account\\.uid}'), await s.k('get', 'sa', 'dashboard', '-o', 'jsonpath={.metadata.uid}'));
    assert.equal(Buffer.from(await s.k('get', 'secret', 'dashboard-token', '-o', 'jsonpath={.data.ca\\.crt}'), 'base64').toString('utf8'), readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8'));
    assert.equal(Buffer.from(await s.k('get', 'secret', 'dashboard-token', '-o', 'jsonpath={.data.namespace}'), 'base64').toString('utf8'), 'default');
    assert.match((await asToken(token, 'auth', 'whoami')).stdout, /^Username\s+system:serviceaccount:default:dashboard$/m);
    // A token written by hand is replaced by the controller, and is nobody's.
    await s.k('patch', 'secret', 'dashboard-token', '-p', JSON.stringify({ data: { token: Buffer.from('forged').toString('base64') } }));
    const replaced = await eventually(async () => {
      const t = Buffer.from(await s.k('get', 'secret', 'dashboard-token', '-o', 'jsonpath={.data.token}'), 'base64').toString('utf8');
      assert.notEqual(t, 'forged');
      return t;
    });
    assert.equal((await asToken(replaced, 'auth', 'whoami')).code, 0);
    await s.k('delete', 'secret', 'dashboard-token');
    assert.equal((await asToken(replaced, 'auth', 'whoami')).stderr, 'error: You must be logged in to the server (Unauthorized)\n');
    // Deleting the account deletes its token Secrets.
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dashboard-token-2', annotations: { 'kubernetes.io/service-account.name': 'dashboard' } }, type: 'kubernetes.io/service-account-token' }));
    await eventually(async () => assert.notEqual(await s.k('get', 'secret', 'dashboard-token-2', '-o', 'jsonpath={.data.token}'), ''));
    await s.k('delete', 'sa', 'dashboard');
    await eventually(async () => assert.match((await s.kubectl(['get', 'secret', 'dashboard-token-2'])).stderr, /NotFound/));
  });
});
