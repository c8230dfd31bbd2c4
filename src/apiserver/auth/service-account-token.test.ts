import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { KubeObject } from '../../api/index.js';
import { serviceAccountUser, ServiceAccountTokens, type TokenObjects } from './service-account-token.js';

const pem = (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const api = 'https://kubernetes.default.svc.cluster.local';
const now = new Date('2024-01-01T00:00:00Z');

test('ServiceAccountTokens.issue() signs a token that verify() accepts for its audiences until it expires', () => {
  const t = new ServiceAccountTokens(pem());
  const { token, expiresAt } = t.issue({ namespace: 'ns', serviceAccount: 'bot', uid: 'u1', audiences: [api, 'vault'], expirationSeconds: 600, now });
  assert.equal(expiresAt.toISOString(), '2024-01-01T00:10:00.000Z');
  const c = t.verify(token, now);
  assert.equal(c?.namespace, 'ns');
  assert.deepEqual(c?.serviceAccount, { name: 'bot', uid: 'u1' });
  assert.deepEqual(c?.audiences, [api]);
  assert.deepEqual(t.verify(token, now, ['vault', 'other'])?.audiences, ['vault']);
  assert.equal(t.verify(token, now, ['other']), undefined, 'another audience');
  assert.equal(t.verify(token, new Date('2024-01-01T00:10:01Z')), undefined, 'expired');
  assert.equal(new ServiceAccountTokens(pem()).verify(token, now), undefined, 'signed by another key');
  assert.equal(t.verify(token.slice(0, -3) + 'AAA', now), undefined, 'tampered signature');
  assert.equal(t.verify('not.a.jwt', now), undefined);
});

function objects(list: Record<string, KubeObject>): TokenObjects {
  return { get: async (plural, ns, name) => list[`${plural}/${ns}/${name}`] };
}
const obj = (uid: string, deletionTimestamp?: string): KubeObject => ({ metadata: { uid, ...(deletionTimestamp ? { deletionTimestamp } : {}) } });

test('serviceAccountUser: a pod-bound token names the pod and node in extra, and dies with the account or the pod', async () => {
  const t = new ServiceAccountTokens(pem());
  const { token } = t.issue({ namespace: 'ns', serviceAccount: 'bot', uid: 'sa1', audiences: [api], expirationSeconds: 3600, now, bound: { kind: 'Pod', ref: { name: 'p', uid: 'pod1' }, node: { name: 'n1', uid: 'node1' } } });
  const claims = t.verify(token, now)!;
  const live = { 'serviceaccounts/ns/bot': obj('sa1'), 'pods/ns/p': obj('pod1') };
  const ok = await serviceAccountUser(claims, objects(live), now);
  assert.ok('user' in ok);
  assert.equal(ok.user.name, 'system:serviceaccount:ns:bot');
  assert.equal(ok.user.uid, 'sa1');
  assert.deepEqual(ok.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated']);
  assert.deepEqual(ok.user.extra?.['authentication.kubernetes.io/pod-name'], ['p']);
  assert.deepEqual(ok.user.extra?.['authentication.kubernetes.io/pod-uid'], ['pod1']);
  assert.deepEqual(ok.user.extra?.['authentication.kubernetes.io/node-name'], ['n1']);
  assert.match(ok.user.extra?.['authentication.kubernetes.io/credential-id']?.[0] ?? '', /^JTI=[0-9a-f-]{36}$/);
  const invalidated = { error: 'service account token has been invalidated' };
  assert.deepEqual(await serviceAccountUser(claims, objects({ 'pods/ns/p': obj('pod1') }), now), invalidated, 'account deleted');
  assert.deepEqual(await serviceAccountUser(claims, objects({ ...live, 'serviceaccounts/ns/bot': obj('sa2') }), now), invalidated, 'account recreated');
  assert.deepEqual(await serviceAccountUser(claims, objects({ 'serviceaccounts/ns/bot': obj('sa1') }), now), invalidated, 'pod deleted');
  assert.deepEqual(await serviceAccountUser(claims, objects({ ...live, 'pods/ns/p': obj('pod2') }), now), invalidated, 'pod recreated');
  assert.ok('user' in await serviceAccountUser(claims, objects({ ...live, 'pods/ns/p': obj('pod1', '2023-12-31T23:59:30Z') }), now), 'terminating, within the grace');
  assert.deepEqual(await serviceAccountUser(claims, objects({ ...live, 'pods/ns/p': obj('pod1', '2023-12-31T23:58:00Z') }), now), invalidated, 'deleted long ago, still there');
});

test('serviceAccountUser: a secret-bound token dies with its secret', async () => {
  const t = new ServiceAccountTokens(pem());
  const { token } = t.issue({ namespace: 'ns', serviceAccount: 'bot', uid: 'sa1', audiences: [api], expirationSeconds: 3600, now, bound: { kind: 'Secret', ref: { name: 's', uid: 's1' } } });
  const claims = t.verify(token, now)!;
  assert.ok('user' in await serviceAccountUser(claims, objects({ 'serviceaccounts/ns/bot': obj('sa1'), 'secrets/ns/s': obj('s1') }), now));
  assert.ok('error' in await serviceAccountUser(claims, objects({ 'serviceaccounts/ns/bot': obj('sa1') }), now));
});

test('legacy tokens: no expiry, only the API audience, valid while their Secret holds them', async () => {
  const t = new ServiceAccountTokens(pem());
  const token = t.issueLegacy({ namespace: 'ns', serviceAccount: 'bot', uid: 'sa1', secretName: 'bot-token' });
  const claims = t.verify(token, new Date('2099-01-01T00:00:00Z'));
  assert.ok(claims?.legacy);
  assert.equal(t.verify(token, now, ['vault']), undefined, 'not for other audiences');
  assert.ok(t.isLegacyTokenFor(token, { namespace: 'ns', serviceAccount: 'bot', uid: 'sa1', secretName: 'bot-token' }));
  assert.ok(!t.isLegacyTokenFor(token, { namespace: 'ns', serviceAccount: 'bot', uid: 'sa2', secretName: 'bot-token' }));
  const secret = (held: string): KubeObject => ({ metadata: { uid: 's1' }, data: { token: Buffer.from(held).toString('base64') } });
  const live = { 'serviceaccounts/ns/bot': obj('sa1'), 'secrets/ns/bot-token': secret(token) };
  const ok = await serviceAccountUser(claims, objects(live), now);
  assert.ok('user' in ok && ok.user.name === 'system:serviceaccount:ns:bot');
  assert.ok('error' in await serviceAccountUser(claims, objects({ 'serviceaccounts/ns/bot': obj('sa1') }), now), 'secret deleted');
  assert.ok('error' in await serviceAccountUser(claims, objects({ ...live, 'secrets/ns/bot-token': secret('another') }), now), 'secret holds another token');
});
