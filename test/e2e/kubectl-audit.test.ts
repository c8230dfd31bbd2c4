// e2e through kubectl: the audit log (levels by policy rule, users, stages, no Secret data at Metadata), Secrets
// encrypted at rest in the SQLite file and rotated to a new key with `kubectl replace`, and 429s beyond a tiny
// --max-requests-inflight.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface Event {
  level: string; auditID: string; stage: string; verb: string; requestURI: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code: number };
  requestObject?: { kind?: string; metadata?: { name?: string } };
  responseObject?: { kind?: string; metadata?: { name?: string } };
  annotations?: Record<string, string>;
}

const policy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [ResponseStarted]
rules:
  - level: Metadata
    resources: [{ group: "", resources: ["secrets"] }]
  - level: RequestResponse
    resources: [{ group: "", resources: ["pods"] }]
`;

/** A token of the default service account (not system:masters: the in-flight limits apply to it). */
async function serviceAccountToken(s: SkiffProcess): Promise<string> {
  await eventually(async () => { await s.k('get', 'serviceaccount', 'default'); }, { timeoutMs: 20_000 });
  // Allowed whatever the authorizer: cluster-admin for this account once RBAC is enforced.
  await s.k('create', 'clusterrolebinding', 'e2e-default-admin', '--clusterrole=cluster-admin', '--serviceaccount=default:default');
  return (await s.k('create', 'token', 'default', '--duration=1h')).trim();
}

describe('kubectl audit log', { skip }, () => {
  let s: SkiffProcess;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-audit-e2e-'));
  const log = join(dir, 'audit.log');
  before(async () => {
    writeFileSync(join(dir, 'policy.yaml'), policy);
    s = await startSkiff({ args: ['--audit-policy-file', join(dir, 'policy.yaml'), '--audit-log-path', log] });
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const events = (): Event[] => readFileSync(log, 'utf8').trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Event);

  test('kubectl create secret and kubectl run are logged at their rules\' levels, with the user', async () => {
    await s.k('create', 'secret', 'generic', 'db-pass', '--from-literal=password=hunter2-e2e');
    await eventually(async () => { await s.k('run', 'web', '--image=nginx'); }, { timeoutMs: 20_000 });
    const token = await serviceAccountToken(s);
    await s.k('--token', token, '--kubeconfig=/dev/null', `--server=${s.url}`, '--insecure-skip-tls-verify', 'get', 'pods');
    await eventually(() => {
      const all = events();
      const secret = all.filter((e) => e.verb === 'create' && e.objectRef?.resource === 'secrets');
      assert.deepEqual(secret.map((e) => [e.stage, e.level, e.user.username, e.objectRef?.name]), [['RequestReceived', 'Metadata', 'skiff-admin', undefined], ['ResponseComplete', 'Metadata', 'skiff-admin', 'db-pass']]);
      assert.equal(secret[0]!.auditID, secret[1]!.auditID);
      assert.ok(secret[1]!.user.groups?.includes('system:masters'));
      assert.equal(secret[1]!.responseStatus?.code, 201);
      assert.equal(secret[1]!.annotations?.['authorization.k8s.io/decision'], 'allow');
      const pod = all.find((e) => e.verb === 'create' && e.objectRef?.resource === 'pods' && e.stage === 'ResponseComplete' && e.responseStatus?.code === 201);
      assert.ok(pod, 'the pod creation');
      assert.deepEqual([pod.level, pod.requestObject?.kind, pod.requestObject?.metadata?.name, pod.responseObject?.kind, pod.responseObject?.metadata?.name], ['RequestResponse', 'Pod', 'web', 'Pod', 'web']);
      const listed = all.find((e) => e.verb === 'list' && e.objectRef?.resource === 'pods' && e.stage === 'ResponseComplete' && e.user.username === 'system:serviceaccount:default:default');
      assert.ok(listed, 'the service account\'s kubectl get pods');
      assert.equal(listed.level, 'RequestResponse');
      assert.ok(!all.some((e) => e.objectRef?.resource === 'serviceaccounts' || e.objectRef?.resource === 'namespaces'), 'resources without a rule are not logged');
    }, { timeoutMs: 10_000 });
    const text = readFileSync(log, 'utf8');
    assert.ok(!text.includes('hunter2-e2e') && !text.includes(Buffer.from('hunter2-e2e').toString('base64')), 'no Secret data at Metadata level');
  });

  test('a request as another user (kubectl --as) is audited with impersonatedUser and the RBAC decision for that user', async () => {
    await s.k('create', 'rolebinding', 'eve-view', '--clusterrole=view', '--user=eve');
    await eventually(async () => { await s.k('get', 'pods', '--as=eve'); });
    const denied = await s.kubectl(['delete', 'pod', 'web', '--as=eve']);
    assert.match(denied.stderr, /User "eve" cannot delete resource "pods"/);
    await eventually(() => {
      const mine = events().filter((e) => e.impersonatedUser?.username === 'eve' && e.objectRef?.resource === 'pods' && e.stage === 'ResponseComplete');
      const list = mine.find((e) => e.verb === 'list' && e.responseStatus?.code === 200);
      assert.ok(list, 'the list as eve');
      assert.equal(list.user.username, 'skiff-admin');
      assert.deepEqual(list.impersonatedUser, { username: 'eve', groups: ['system:authenticated'] });
      assert.equal(list.annotations?.['authorization.k8s.io/decision'], 'allow');
      assert.equal(list.annotations?.['authorization.k8s.io/reason'], 'RBAC: allowed by RoleBinding "eve-view/default" of ClusterRole "view" to User "eve"');
      const del = mine.find((e) => e.verb === 'delete');
      assert.ok(del, 'the refused delete');
      assert.deepEqual([del.responseStatus?.code, del.annotations?.['authorization.k8s.io/decision']], [403, 'forbid']);
    }, { timeoutMs: 10_000 });
  });
});

const key = (n: number): string => Buffer.alloc(32, n).toString('base64');
const encryption = (keys: string): string => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys: ${keys}
      - identity: {}
`;

function storedSecret(dataDir: string, name: string): Buffer {
  const db = new Database(join(dataDir, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT value FROM current WHERE key = ?').get(`/registry/core/secrets/default/${name}`) as { value: Buffer } | undefined;
    assert.ok(row, `secret ${name} is stored`);
    return row.value;
  } finally {
    db.close();
  }
}

describe('kubectl and Secrets encrypted at rest', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-enc-e2e-'));
  const config = join(dataDir, 'encryption.yaml');
  let s: SkiffProcess | undefined;
  after(async () => {
    await s?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a Secret reads back through kubectl while the store holds k8s:enc:aescbc:v1:key1: bytes; replace rotates to key2', async () => {
    writeFileSync(config, encryption(`[{ name: key1, secret: "${key(1)}" }]`));
    s = await startSkiff({ dataDir, args: ['--encryption-provider-config', config] });
    await s.k('create', 'secret', 'generic', 'db', '--from-literal=password=s3cr3t-value');
    assert.equal(Buffer.from(await s.k('get', 'secret', 'db', '-o', 'jsonpath={.data.password}'), 'base64').toString(), 's3cr3t-value');
    const raw = storedSecret(dataDir, 'db');
    assert.ok(raw.toString('latin1').startsWith('k8s:enc:aescbc:v1:key1:'), raw.subarray(0, 40).toString('latin1'));
    assert.ok(!raw.includes(Buffer.from('s3cr3t-value')) && !raw.includes(Buffer.from(Buffer.from('s3cr3t-value').toString('base64'))));
    await s.stop();

    writeFileSync(config, encryption(`[{ name: key2, secret: "${key(2)}" }, { name: key1, secret: "${key(1)}" }]`));
    s = await startSkiff({ dataDir, args: ['--encryption-provider-config', config] });
    const all = await s.k('get', 'secrets', '-A', '-o', 'json');
    // kubectl validates the List against /openapi/v2 (protobuf) before replacing each Secret.
    const replaced = await s.kubectl(['replace', '-f', '-'], { input: all });
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(replaced.stdout, /^secret\/db replaced$/m);
    assert.ok(storedSecret(dataDir, 'db').toString('latin1').startsWith('k8s:enc:aescbc:v1:key2:'));
    assert.equal(Buffer.from(await s.k('get', 'secret', 'db', '-o', 'jsonpath={.data.password}'), 'base64').toString(), 's3cr3t-value');
    await s.stop();

    // key1 is gone from the configuration: everything was rewritten with key2, so nothing is lost.
    writeFileSync(config, encryption(`[{ name: key2, secret: "${key(2)}" }]`));
    s = await startSkiff({ dataDir, args: ['--encryption-provider-config', config] });
    assert.equal(Buffer.from(await s.k('get', 'secret', 'db', '-o', 'jsonpath={.data.password}'), 'base64').toString(), 's3cr3t-value');
  });

  test('a Secret whose key is no longer configured fails with a 500 naming it; the server keeps serving', async () => {
    await s?.stop();
    writeFileSync(config, encryption(`[{ name: key3, secret: "${key(3)}" }]`));
    s = await startSkiff({ dataDir, args: ['--encryption-provider-config', config] });
    const r = await s.kubectl(['get', 'secret', 'db']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(InternalError\): Internal error occurred: unable to transform key "\/registry\/core\/secrets\/default\/db": no matching prefix found: no provider has the value's prefix "k8s:enc:aescbc:v1:key2:"/);
    assert.match(await s.k('get', 'namespaces'), /default/);
  });
});

interface Answer { code: number; retryAfter: string | undefined; body: string }

describe('--max-requests-inflight', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--max-requests-inflight', '1', '--max-mutating-requests-inflight', '1'] }); });
  after(async () => { await s?.stop(); });

  test('a burst beyond the limits gets 429s with Retry-After: 1 and upstream\'s message, and no 5xx', async () => {
    const token = await serviceAccountToken(s);
    const ca = readFileSync(join(s.dataDir, 'tls', 'ca.crt'), 'utf8');
    const agent = new Agent({ keepAlive: false, maxSockets: 200, ca });
    const call = (method: string, path: string, body?: string): Promise<Answer> => new Promise((resolve, reject) => {
      const req = request(`${s.url}${path}`, { method, agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => i % 2
      ? call('GET', '/api/v1/namespaces/default/configmaps')
      : call('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: `burst-${i}` } }))));
    agent.destroy();
    const limited = answers.filter((a) => a.code === 429);
    assert.ok(limited.length > 0, `some 429s among ${answers.map((a) => a.code).join(' ')}`);
    for (const a of limited) assert.deepEqual([a.retryAfter, a.body], ['1', 'Too many requests, please try again later.\n']);
    assert.deepEqual(answers.filter((a) => a.code !== 429 && (a.code < 200 || a.code >= 300)), [], 'the others succeed, none 5xx');
    // kubectl (system:masters, and client-go retries 429s after Retry-After) is served throughout, and sees every
    // create that was answered 201 (and none that got 429).
    const created = answers.flatMap((a, i) => (a.code === 201 ? [`burst-${i}`] : []));
    const refused = answers.flatMap((a, i) => (a.code === 429 && i % 2 === 0 ? [`burst-${i}`] : []));
    const names = (await s.k('get', 'configmaps', '-o', 'name')).trim().split('\n').map((n) => n.replace('configmap/', ''));
    assert.ok(created.length > 0);
    assert.deepEqual(created.filter((n) => !names.includes(n)), []);
    assert.deepEqual(refused.filter((n) => names.includes(n)), []);
  });
});
