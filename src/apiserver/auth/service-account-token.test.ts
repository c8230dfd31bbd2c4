import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ServiceAccountTokens } from './service-account-token.js';

const pem = (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

test('ServiceAccountTokens.issue() signs a token that authenticate() accepts until it expires', () => {
  const t = new ServiceAccountTokens(pem());
  const now = new Date('2024-01-01T00:00:00Z');
  const { token, expiresAt } = t.issue({ namespace: 'ns', serviceAccount: 'bot', uid: 'u1', audiences: ['api'], expirationSeconds: 600, now });
  assert.equal(expiresAt.toISOString(), '2024-01-01T00:10:00.000Z');
  assert.deepEqual(t.authenticate(token, now), { name: 'system:serviceaccount:ns:bot', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns'] });
  assert.equal(t.authenticate(token, new Date('2024-01-01T00:10:01Z')), undefined, 'expired');
  assert.equal(new ServiceAccountTokens(pem()).authenticate(token, now), undefined, 'signed by another key');
  assert.equal(t.authenticate(token.slice(0, -3) + 'AAA', now), undefined, 'tampered signature');
});
