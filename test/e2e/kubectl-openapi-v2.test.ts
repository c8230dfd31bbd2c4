// e2e: kubectl's OpenAPI v2 paths against a started `skiff server`. Kinds without a PATCH operation (the
// access and token reviews) make kubectl fall back from the v3 field-validation check to /openapi/v2 in
// protobuf, list CRDs, then validate client-side against the v2 schema: `kubectl create -f` must succeed,
// and fail on unknown fields with kubectl's own message. apply (with v2-driven strategic merge patch) and
// explain keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const json = (o: object): string => JSON.stringify(o);

/** Request lines and response statuses of a kubectl -v=8 log, in order: `GET /path 200`. */
function exchanges(log: string, server: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const req = /round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE) (\S+)/.exec(line);
    if (req) out.push(`${req[1]} ${req[2]!.replace(server, '').replace(/[?&]timeout=32s$/, '')}`);
    const res = /round_trippers\.go:\d+\] Response Status: (\d+)/.exec(line);
    if (res && out.length) out[out.length - 1] += ` ${res[1]}`;
  }
  return out;
}

describe('kubectl and /openapi/v2', { skip }, () => {
  let s: SkiffProcess;
  let adminToken = '';
  before(async () => {
    s = await startSkiff();
    adminToken = readFileSync(join(s.dataDir, 'tls', 'admin.token'), 'utf8').trim();
  });
  after(async () => { await s?.stop(); });

  const create = async (obj: object, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    s.kubectl(['create', '-f', '-', ...args], { input: json(obj) });

  test('kubectl create -f of a TokenReview falls back to /openapi/v2 (protobuf), lists CRDs, validates and creates', async () => {
    const r = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: adminToken } }, '-o', 'json', '-v=8');
    assert.equal(r.code, 0, r.stderr);
    const review = JSON.parse(r.stdout) as { kind: string; status: { authenticated?: boolean; user?: { username?: string; groups?: string[] } } };
    assert.equal(review.kind, 'TokenReview');
    assert.equal(review.status.authenticated, true);
    assert.equal(review.status.user?.username, 'skiff-admin');
    assert.match(r.stderr, /falling back to legacy: Path not found for GVK \(authentication\.k8s\.io\/v1, Kind=TokenReview\) in OpenAPI V3 doc/);
    assert.match(r.stderr, /Accept: application\/com\.github\.proto-openapi\.spec\.v2@v1\.0\+protobuf/);
    const seen = exchanges(r.stderr, s.url);
    assert.deepEqual(seen.filter((e) => /openapi\/v2|customresourcedefinitions|tokenreviews/.test(e)), [
      'GET /openapi/v2 200',
      'GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions 200',
      'POST /apis/authentication.k8s.io/v1/tokenreviews?fieldManager=kubectl-create&fieldValidation=Strict 201',
    ]);
    assert.deepEqual(seen.filter((e) => !/ (200|201)$/.test(e)), [], 'no request fails on the way');
    assert.doesNotMatch(r.stderr, /failed to download openapi|failed to check CRD|error validating/);
  });

  test('the access reviews are created with default validation and print the object', async () => {
    const sar = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } }, '-o', 'json');
    assert.equal(sar.code, 0, sar.stderr);
    const sarOut = JSON.parse(sar.stdout) as { kind: string; status: object };
    assert.deepEqual([sarOut.kind, sarOut.status], ['SubjectAccessReview', { allowed: false }]);
    const local = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, spec: { user: 'bob', groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'secrets', namespace: 'default' } } }, '-o', 'json');
    assert.equal(local.code, 0, local.stderr);
    assert.equal((JSON.parse(local.stdout) as { status: { allowed: boolean } }).status.allowed, true);
    const self = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'nodes' } } }, '-o', 'json');
    assert.equal(self.code, 0, self.stderr);
    assert.equal((JSON.parse(self.stdout) as { status: { allowed: boolean } }).status.allowed, true);
    const rules = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } }, '-o', 'json');
    assert.equal(rules.code, 0, rules.stderr);
    assert.equal((JSON.parse(rules.stdout) as { kind: string }).kind, 'SelfSubjectRulesReview');
    const whoami = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, '-o', 'json');
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal((JSON.parse(whoami.stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username, 'skiff-admin');
  });

  test('unknown and missing required fields fail client-side with kubectl\'s strict-validation message; --validate=false and warn reach the server', async () => {
    const bad = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x', bogus: 1 }, extra: true }, '-v=6');
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.split('\n').filter((l) => l.startsWith('error:')).join('\n'),
      'error: error validating "STDIN": error validating data: [ValidationError(TokenReview): unknown field "extra" in io.k8s.api.authentication.v1.TokenReview, '
      + 'ValidationError(TokenReview.spec): unknown field "bogus" in io.k8s.api.authentication.v1.TokenReviewSpec]; if you choose to ignore these errors, turn validation off with --validate=false');
    assert.doesNotMatch(bad.stderr, /POST /, 'nothing was sent');
    const missing = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview' });
    assert.equal(missing.stderr, 'error: error validating "STDIN": error validating data: ValidationError(SubjectAccessReview): missing required field "spec" in io.k8s.api.authorization.v1.SubjectAccessReview; if you choose to ignore these errors, turn validation off with --validate=false\n');
    const wrongType = await create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: 'all' } });
    assert.match(wrongType.stderr, /ValidationError\(SelfSubjectAccessReview\.spec\.resourceAttributes\): invalid type for io\.k8s\.api\.authorization\.v1\.ResourceAttributes: got "string", expected "map"/);
    const ignored = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x', bogus: 1 } }, '--validate=false', '-o', 'json');
    assert.equal(ignored.code, 0, ignored.stderr);
    assert.deepEqual((JSON.parse(ignored.stdout) as { spec: object }).spec, { token: 'x' }, 'fieldValidation=Ignore drops the field');
    const warned = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x', bogus: 1 } }, '--validate=warn', '-o', 'name');
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /^Warning: unknown field "spec\.bogus"$/m);
    const strict = await s.kubectl(['create', '--raw', '/apis/authentication.k8s.io/v1/tokenreviews?fieldValidation=Strict', '-f', '-'], { input: json({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x', bogus: 1 } }) });
    assert.equal(strict.stderr, 'Error from server (BadRequest): TokenReview in version "v1" cannot be handled as a TokenReview: strict decoding error: unknown field "spec.bogus"\n');
  });

  test('kubectl create -f of a kind: List validates its items against /openapi/v2 and creates them', async () => {
    const list = (items: object[]): object => ({ apiVersion: 'v1', kind: 'List', items });
    const ok = await create(list([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l1' }, data: { a: '1' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l2' } }]));
    assert.deepEqual([ok.code, ok.stdout], [0, 'configmap/l1 created\nconfigmap/l2 created\n'], ok.stderr);
    const bad = await create(list([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l3' }, bogus: 1 }]));
    assert.equal(bad.stderr, 'error: error validating "STDIN": error validating data: ValidationError(ConfigMap): unknown field "bogus" in io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn validation off with --validate=false\n');
  });

  test('a second kubectl revalidates its cached /openapi/v2 with the ETag', async () => {
    const r = await create({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'x' } }, '-o', 'name', '-v=8');
    assert.equal(r.code, 0, r.stderr);
    const v2 = r.stderr.slice(r.stderr.indexOf('GET https://'.concat(s.url.slice(8), '/openapi/v2')));
    assert.match(v2.slice(0, 3000), /X-From-Cache: 1/);
    assert.match(v2.slice(0, 3000), /Etag: "[0-9A-F]{128}"/);
  });

  test('kubectl apply still creates and patches; with OpenAPI v3 patching off it builds the strategic merge patch from /openapi/v2', async () => {
    const deployment = (image: string, env: string): object => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image, env: [{ name: 'A', value: env }] }, { name: 'side', image: 'busybox' }] } } },
    });
    assert.equal(await s.kubectl(['apply', '-f', '-'], { input: json(deployment('nginx:1.25', '1')) }).then((r) => r.stdout), 'deployment.apps/web created\n');
    const v3 = await s.kubectl(['apply', '-f', '-', '-v=8'], { input: json(deployment('nginx:1.26', '1')) });
    assert.equal(v3.code, 0, v3.stderr);
    assert.deepEqual(exchanges(v3.stderr, s.url).filter((e) => !/ 200$/.test(e)), []);
    const v2 = await s.kubectl(['apply', '-f', '-', '-v=8'], { input: json(deployment('nginx:1.27', '2')), env: { KUBECTL_OPENAPIV3_PATCH: 'false' } });
    assert.equal(v2.code, 0, v2.stderr);
    assert.equal(v2.stdout, 'deployment.apps/web configured\n');
    const seen = exchanges(v2.stderr, s.url);
    assert.ok(seen.includes('GET /openapi/v2 200'), seen.join('\n'));
    assert.deepEqual(seen.filter((e) => !/ 200$/.test(e)), []);
    assert.match(v2.stderr, /"\$setElementOrder\/containers\\":\[\{\\"name\\":\\"nginx\\"\},\{\\"name\\":\\"side\\"\}\]/);
    const containers = JSON.parse(await s.k('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers}')) as { name: string; image: string; env?: unknown }[];
    assert.deepEqual(containers.map((c) => [c.name, c.image, c.env]), [['nginx', 'nginx:1.27', [{ name: 'A', value: '2' }]], ['side', 'busybox', undefined]]);
  });

  test('kubectl explain still reads OpenAPI v3; kubectl get crd answers that there are none; a CRD without versions is refused', async () => {
    assert.match(await s.k('explain', 'tokenreview.spec'), /^KIND:\s+TokenReview$[\s\S]*^FIELD: spec <TokenReviewSpec>$/m);
    assert.match(await s.k('explain', 'deployment.spec.replicas'), /^FIELD: replicas <integer>$/m);
    const crds = await s.kubectl(['get', 'crd']);
    assert.deepEqual([crds.code, crds.stderr], [0, 'No resources found\n']);
    const crd = await create({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [] } });
    assert.equal(crd.code, 1);
    assert.equal(crd.stderr, 'The CustomResourceDefinition "widgets.example.com" is invalid: \n* spec.versions: Invalid value: []: must have exactly one version marked as storage version\n* status.storedVersions: Invalid value: []: must have at least one stored version\n');
  });
});
