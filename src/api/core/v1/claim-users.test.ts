import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ClaimUsers, podClaimNames } from './claim-users.js';

const pod = (claims: string[]): Pod => ({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], volumes: [{ name: 'e', emptyDir: {} }, ...claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } }))] } });

test('ClaimUsers.set() indexes a pod under its claims and replaces or forgets it', () => {
  const users = new ClaimUsers();
  assert.deepEqual(podClaimNames(pod(['a', 'b'])), ['a', 'b']);
  assert.deepEqual(users.set('ns/p', pod(['a', 'b'])), ['ns/a', 'ns/b']);
  users.set('ns/q', pod(['a']));
  assert.deepEqual(users.podsOf('ns/a'), ['ns/p', 'ns/q']);
  users.set('ns/p', pod(['b']));
  assert.deepEqual([users.podsOf('ns/a'), users.podsOf('ns/b')], [['ns/q'], ['ns/p']]);
  users.set('ns/p', undefined);
  assert.deepEqual(users.podsOf('ns/b'), []);
});
