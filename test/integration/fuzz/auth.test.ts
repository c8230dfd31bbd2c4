// Fuzz: unauthenticated and wrongly authenticated requests (no credentials, garbage bearer tokens, expired, forged,
// re-signed and wrong-audience service account tokens) and a user allowed only `get` in one namespace trying every
// verb: each is answered 401 or 403 and no stored object changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { startFuzzServer, fuzzNamespace, limitedToken, type FuzzServer } from '../../support/fuzz/fuzz-server.js';
import { caseRng, fuzzCases, fuzzSeed, type Rng } from '../../support/fuzz/random.js';
import { runBatch, type FuzzCase } from '../../support/fuzz/expect-status.js';
import { ServiceAccountTokens } from '../../../src/apiserver/index.js';
import type { Sent } from '../../support/fuzz/wire.js';

const seed = fuzzSeed();
const ns = fuzzNamespace;
const issuer = 'https://kubernetes.default.svc.cluster.local';

/** Every verb on a spread of resources, with bodies that would succeed for a user allowed to write. */
function everyVerb(): Sent[] {
  const json = { 'content-type': 'application/json' };
  const cm = (name: string): Buffer => Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { pwned: 'yes' } }));
  const out: Sent[] = [];
  for (const [base, obj] of [[`/api/v1/namespaces/${ns}/configmaps`, 'target'], [`/api/v1/namespaces/${ns}/secrets`, 'target'], [`/apis/apps/v1/namespaces/${ns}/deployments`, 'target'], ['/api/v1/namespaces/default/configmaps', 'kube-root-ca.crt'], [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, 'get-only'], [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, 'get-only']] as const) {
    out.push(
      { method: 'POST', path: base, headers: json, body: cm('new-one') },
      { method: 'PUT', path: `${base}/${obj}`, headers: json, body: cm(obj) },
      { method: 'PATCH', path: `${base}/${obj}`, headers: { 'content-type': 'application/merge-patch+json' }, body: Buffer.from('{"metadata":{"labels":{"pwned":"yes"}}}') },
      { method: 'PATCH', path: `${base}/${obj}`, headers: { 'content-type': 'application/json-patch+json' }, body: Buffer.from('[{"op":"add","path":"/metadata/labels","value":{"pwned":"yes"}}]') },
      { method: 'PATCH', path: `${base}/${obj}`, headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: Buffer.from('{"metadata":{"labels":{"pwned":"yes"}}}') },
      { method: 'PATCH', path: `${base}/${obj}?fieldManager=x&force=true`, headers: { 'content-type': 'application/apply-patch+yaml' }, body: Buffer.from('metadata: {labels: {pwned: "yes"}}') },
      { method: 'PATCH', path: `${base}/brand-new?fieldManager=x`, headers: { 'content-type': 'application/apply-patch+yaml' }, body: cm('brand-new') },
      { method: 'DELETE', path: `${base}/${obj}` },
      { method: 'DELETE', path: base },
      { method: 'PUT', path: `${base}/${obj}/status`, headers: json, body: cm(obj) },
      { method: 'POST', path: `${base}?dryRun=All`, headers: json, body: cm('dry') },
    );
  }
  out.push(
    { method: 'PUT', path: `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"target"},"spec":{"replicas":9}}') },
    { method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`, headers: { 'content-type': 'application/merge-patch+json' }, body: Buffer.from('{"spec":{"replicas":9}}') },
    { method: 'POST', path: `/api/v1/namespaces/${ns}/serviceaccounts/robot/token`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"audiences":[]}}') },
    { method: 'POST', path: '/api/v1/namespaces', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"pwned"}}') },
    { method: 'DELETE', path: `/api/v1/namespaces/${ns}` },
    { method: 'PUT', path: `/api/v1/namespaces/${ns}/finalize`, headers: { 'content-type': 'application/json' }, body: Buffer.from(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"${ns}"},"spec":{"finalizers":[]}}`) },
    { method: 'POST', path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"pwned"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"fuzz-limited","apiGroup":"rbac.authorization.k8s.io"}]}') },
    { method: 'GET', path: `/api/v1/namespaces/${ns}/secrets/target` },
    { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` },
    { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps?watch=1&timeoutSeconds=1` },
    { method: 'GET', path: '/api/v1/configmaps' },
    { method: 'GET', path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' },
  );
  return out;
}

function b64json(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

/** Tokens that must not authenticate: altered, expired, re-signed, for another audience, alg none, garbage. */
function badTokens(server: FuzzServer, rng: Rng): { name: string; token: string }[] {
  const [h, p, s] = server.robotToken.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const other = new ServiceAccountTokens(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const claims = { namespace: ns, serviceAccount: 'robot', uid: server.robotUid, audiences: [issuer], expirationSeconds: 3600, now: new Date() };
  const flip = (t: string): string => { const i = rng.int(t.length); return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1); };
  return [
    { name: 'admin claims in the payload, old signature', token: `${h}.${b64json({ ...payload, sub: 'system:serviceaccount:kube-system:admin', 'kubernetes.io': { namespace: 'kube-system', serviceaccount: { name: 'clusterrole-aggregation-controller', uid: 'x' } } })}.${s}` },
    { name: 'a later expiry, old signature', token: `${h}.${b64json({ ...payload, exp: 4102444800 })}.${s}` },
    { name: 'alg none', token: `${b64json({ alg: 'none', typ: 'JWT' })}.${p}.` },
    { name: 'HS256 header', token: `${b64json({ alg: 'HS256', typ: 'JWT' })}.${p}.${s}` },
    { name: 'no signature', token: `${h}.${p}.` },
    { name: 'a flipped character', token: flip(server.robotToken) },
    { name: 'expired', token: server.tokens.issue({ ...claims, now: new Date(Date.now() - 7200_000) }).token },
    { name: 'another audience', token: server.tokens.issue({ ...claims, audiences: ['https://example.com'] }).token },
    { name: 'signed by another key', token: other.issue(claims).token },
    { name: 'an account that does not exist', token: server.tokens.issue({ ...claims, serviceAccount: 'ghost' }).token },
    { name: 'the right account with a stale uid', token: server.tokens.issue({ ...claims, uid: '00000000-0000-0000-0000-000000000000' }).token },
    { name: 'bound to a pod that does not exist', token: server.tokens.issue({ ...claims, bound: { kind: 'Pod', ref: { name: 'ghost', uid: 'x' } } }).token },
    { name: 'four segments', token: `${server.robotToken}.x` },
    { name: 'base64 garbage', token: rng.bytes(40).toString('base64') },
    { name: 'a huge token', token: 'a'.repeat(100_000) },
  ];
}

describe(`fuzz: authentication and authorization (SKIFF_FUZZ_SEED=${seed})`, () => {
  let server: FuzzServer;
  before(async () => { server = await startFuzzServer(); });
  after(async () => { await server[Symbol.asyncDispose](); });

  test('no credentials, garbage and forged tokens: 401 for every verb, nothing changes', async () => {
    const before = await server.snapshot();
    const rng = caseRng(seed, 'tokens', 0);
    const tokens = [{ name: 'no credentials', token: '' }, ...badTokens(server, rng)];
    await runBatch(server, {
      seed, batch: 'unauthenticated',
      fixed: tokens.flatMap(({ name, token }): FuzzCase[] => everyVerb().map((r) => ({ name: `${name}: ${r.method ?? 'GET'} ${r.path}`, request: { ...r, token }, allow: [401] }))),
    });
    assert.equal(await server.snapshot(), before, 'a stored object changed');
  });

  test('the robot service account (no roles) and the get-only user: 403 for everything else, nothing changes', async () => {
    const before = await server.snapshot();
    const allowedGet = (r: Sent): boolean => (r.method ?? 'GET') === 'GET' && r.path === `/api/v1/namespaces/${ns}/configmaps/target`;
    await runBatch(server, {
      seed, batch: 'forbidden',
      fixed: [server.robotToken, limitedToken].flatMap((token): FuzzCase[] => everyVerb().filter((r) => !allowedGet(r)).map((r) => ({ name: `${token === limitedToken ? 'limited' : 'robot'}: ${r.method ?? 'GET'} ${r.path}`, request: { ...r, token }, allow: [403] }))),
      random: {
        count: fuzzCases(200),
        make: (rng) => {
          const r = rng.pick(everyVerb().filter((x) => !allowedGet(x)));
          const headers: Record<string, string> = { ...(r.headers as Record<string, string> | undefined) };
          // Impersonation the user is not allowed to do changes nothing either.
          if (rng.chance(0.3)) headers['impersonate-user'] = rng.pick(['admin', 'system:serviceaccount:kube-system:default', 'system:kube-controller-manager']);
          if (rng.chance(0.2)) headers['impersonate-group'] = 'system:masters';
          return { name: `limited: ${r.method ?? 'GET'} ${r.path}`, request: { ...r, token: limitedToken, headers }, allow: [400, 403] };
        },
      },
    });
    assert.equal(await server.snapshot(), before, 'a stored object changed');
  });

  test('the get-only user can get what it was granted (the oracle is not vacuous)', async () => {
    const r = await server.send({ path: `/api/v1/namespaces/${ns}/configmaps/target`, token: limitedToken });
    assert.equal(r.code, 200);
    const robot = await server.send({ path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', method: 'POST', token: server.robotToken, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}') });
    assert.equal(robot.code, 201, robot.body.toString());
  });
});
