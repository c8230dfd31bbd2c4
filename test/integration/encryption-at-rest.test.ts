// Integration: Secrets encrypted at rest through the API server on SQLite: the bytes in the database file are not
// the plaintext, data written before encryption still reads, rotation by rewriting, and a missing key fails reads
// of that object with a 500 while the server and other objects carry on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiServer, createAuthenticator, parseEncryptionConfig } from '../../src/apiserver/index.js';
import { SqliteStore } from '../../src/storage/index.js';
import { Client } from '../../src/client/index.js';
import { lookupResource, type KubeObject } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';

const secrets = lookupResource('', 'v1', 'secrets')!;
const configMaps = lookupResource('', 'v1', 'configmaps')!;
const key1 = Buffer.alloc(32, 1).toString('base64');
const key2 = Buffer.alloc(32, 2).toString('base64');
const config = (providers: string): string => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers: ${providers}
`;
const aescbc = (...keys: [string, string][]): string => `{ aescbc: { keys: [${keys.map(([n, s]) => `{ name: ${n}, secret: "${s}" }`).join(', ')}] } }`;

async function withServer<T>(path: string, encryption: string | undefined, fn: (client: Client) => Promise<T>): Promise<T> {
  const store = new SqliteStore({ path });
  const api = new ApiServer({ store, authenticator: createAuthenticator({ tokens: new Map([['t', { name: 'admin', groups: ['system:masters'] }]]) }), ...(encryption ? { encryption: parseEncryptionConfig(encryption) } : {}) });
  try {
    await api.start();
    return await fn(new Client({ transport: new InProcessTransport({ server: api, token: 't', userAgent: 'test' }), fieldManager: 'test' }));
  } finally {
    await api[Symbol.asyncDispose]();
    await store.close();
  }
}

/** The bytes stored for a key, read from the database file by another connection. */
function storedBytes(path: string, key: string): Buffer {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare('SELECT value FROM current WHERE key = ?').get(key) as { value: Buffer } | undefined;
    assert.ok(row, `no row for ${key}`);
    return row.value;
  } finally {
    db.close();
  }
}

const secretKey = (name: string): string => `/registry/core/secrets/default/${name}`;
const secret = (name: string, password: string): KubeObject => ({ metadata: { name }, stringData: { password } });

test('Secrets are encrypted at rest, identity data still reads, and rewriting rotates the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-enc-'));
  const db = join(dir, 'state.db');
  try {
    await withServer(db, undefined, async (c) => { await c.create(secrets, 'default', secret('before', 'plain-old-password')); });
    assert.match(storedBytes(db, secretKey('before')).toString('latin1'), /"kind":"Secret"/, 'written before encryption: plaintext');

    await withServer(db, config(`[${aescbc(['key1', key1])}, { identity: {} }]`), async (c) => {
      await c.create(secrets, 'default', secret('s1', 'hunter2-very-secret'));
      await c.create(configMaps, 'default', { metadata: { name: 'cm' }, data: { visible: 'yes' } });
      const raw = storedBytes(db, secretKey('s1'));
      assert.ok(raw.toString('latin1').startsWith('k8s:enc:aescbc:v1:key1:'));
      assert.ok(!raw.includes(Buffer.from('hunter2')) && !raw.includes(Buffer.from(Buffer.from('hunter2-very-secret').toString('base64'))) && !raw.includes(Buffer.from('"kind"')));
      assert.match(storedBytes(db, '/registry/core/configmaps/default/cm').toString('latin1'), /"visible":"yes"/, 'resources not listed stay unencrypted');
      const s1 = await c.get(secrets, 'default', 's1');
      assert.equal(Buffer.from(String((s1['data'] as Record<string, string>)['password']), 'base64').toString(), 'hunter2-very-secret');
      const before = await c.get(secrets, 'default', 'before');
      assert.equal(Buffer.from(String((before['data'] as Record<string, string>)['password']), 'base64').toString(), 'plain-old-password', 'identity reads data written before encryption');
      const listed = await c.list(secrets, 'default');
      assert.deepEqual(listed.items.map((i) => i.metadata?.['name']).sort(), ['before', 's1']);
    });

    await withServer(db, config(`[${aescbc(['key2', key2], ['key1', key1])}, { identity: {} }]`), async (c) => {
      for (const name of ['s1', 'before']) {
        const current = await c.get(secrets, 'default', name);
        await c.update(secrets, current as { metadata?: { name?: string; namespace?: string } });
      }
      for (const name of ['s1', 'before']) assert.ok(storedBytes(db, secretKey(name)).toString('latin1').startsWith('k8s:enc:aescbc:v1:key2:'), `${name} re-encrypted with key2`);
    });

    await withServer(db, config(`[${aescbc(['key2', key2])}]`), async (c) => {
      const s1 = await c.get(secrets, 'default', 's1');
      assert.equal(Buffer.from(String((s1['data'] as Record<string, string>)['password']), 'base64').toString(), 'hunter2-very-secret', 'readable without key1 after the rotation');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('A Secret whose key is missing or wrong fails its reads with a 500 naming the key; the server carries on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-enc-'));
  const db = join(dir, 'state.db');
  try {
    await withServer(db, config(`[${aescbc(['key1', key1])}]`), async (c) => { await c.create(secrets, 'default', secret('s1', 'x')); });
    const is500 = (pattern: RegExp) => (e: unknown): boolean => {
      const err = e as { code?: number; message?: string };
      assert.equal(err.code, 500);
      assert.match(String(err.message), pattern);
      return true;
    };
    await withServer(db, config(`[${aescbc(['key2', key2])}, { identity: {} }]`), async (c) => {
      await assert.rejects(c.get(secrets, 'default', 's1'), is500(/Internal error occurred: unable to transform key "\/registry\/core\/secrets\/default\/s1": no matching prefix found: no provider has the value's prefix "k8s:enc:aescbc:v1:key1:"/));
      await assert.rejects(c.list(secrets, 'default'), is500(/unable to transform key "\/registry\/core\/secrets\/default\/s1"/));
      await c.create(secrets, 'other', secret('fine', 'y')).catch(() => undefined);
      await c.create(configMaps, 'default', { metadata: { name: 'still-works' } });
      assert.equal((await c.get(configMaps, 'default', 'still-works')).metadata?.['name'], 'still-works');
    });
    await withServer(db, config(`[${aescbc(['key1', key2])}]`), async (c) => {
      await assert.rejects(c.get(secrets, 'default', 's1'), is500(/unable to transform key "\/registry\/core\/secrets\/default\/s1": k8s:enc:aescbc:v1:key1: failed to decrypt: /));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
