import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import nacl from 'tweetnacl';
import { aesCbcTransformer, aesGcmTransformer, keyedTransformer, providerPrefix, secretboxTransformer, type KeyedProviderKind } from './providers.js';
import { identityStorage, PrefixChain } from './prefix-chain.js';

const key32 = Buffer.alloc(32, 7);
const other32 = Buffer.alloc(32, 9);
const plain = Buffer.from('{"kind":"Secret","data":{"password":"c2VjcmV0"}}');
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

test('providerPrefix() is upstream\'s k8s:enc:<provider>:v1:<key>: form', () => {
  assert.equal(providerPrefix('aescbc', 'key1'), 'k8s:enc:aescbc:v1:key1:');
  assert.equal(providerPrefix('secretbox', 'k'), 'k8s:enc:secretbox:v1:k:');
});

for (const kind of ['aescbc', 'aesgcm', 'secretbox'] as KeyedProviderKind[]) {
  test(`keyedTransformer(${kind}) round-trips, hides the plaintext, and rejects another key`, () => {
    const t = keyedTransformer(kind, key32);
    const a = t.toStorage(plain, '/registry/core/secrets/default/s');
    const b = t.toStorage(plain, '/registry/core/secrets/default/s');
    assert.ok(!text(a).includes('password'));
    assert.notDeepEqual(a, b, 'a fresh IV or nonce every write');
    assert.deepEqual(Buffer.from(t.fromStorage(a, '/registry/core/secrets/default/s')), plain);
    assert.throws(() => keyedTransformer(kind, other32).fromStorage(a, '/registry/core/secrets/default/s'));
  });
}

test('aesCbcTransformer() writes a 16-byte IV then AES-CBC with PKCS#7 padding, as upstream', () => {
  const out = Buffer.from(aesCbcTransformer(key32).toStorage(plain, ''));
  assert.equal((out.length - 16) % 16, 0);
  const d = createDecipheriv('aes-256-cbc', key32, out.subarray(0, 16));
  assert.deepEqual(Buffer.concat([d.update(out.subarray(16)), d.final()]), plain);
  assert.deepEqual(Buffer.from(aesCbcTransformer(Buffer.alloc(16, 1)).fromStorage(aesCbcTransformer(Buffer.alloc(16, 1)).toStorage(plain, ''), '')), plain, 'AES-128 keys work too');
});

test('aesGcmTransformer() binds the value to its storage key (authenticated data)', () => {
  const t = aesGcmTransformer(key32);
  const sealed = t.toStorage(plain, '/registry/core/secrets/default/a');
  assert.equal(sealed.length, 12 + plain.length + 16);
  assert.throws(() => t.fromStorage(sealed, '/registry/core/secrets/default/b'));
});

test('secretboxTransformer() is NaCl secretbox: nonce, then what nacl.secretbox seals', () => {
  const sealed = Buffer.from(secretboxTransformer(key32).toStorage(plain, ''));
  const opened = nacl.secretbox.open(sealed.subarray(24), sealed.subarray(0, 24), key32);
  assert.ok(opened);
  assert.deepEqual(Buffer.from(opened), plain);
  assert.throws(() => secretboxTransformer(Buffer.alloc(16)), /expected 32/);
});

test('PrefixChain writes with the first provider and reads each value with the provider of its prefix', () => {
  const k1 = { prefix: providerPrefix('aescbc', 'key1'), transformer: aesCbcTransformer(key32) };
  const k2 = { prefix: providerPrefix('aescbc', 'key2'), transformer: aesCbcTransformer(other32) };
  const old = new PrefixChain([k1, { prefix: '', transformer: undefined }]);
  const written = old.toStorage(plain, 'k');
  assert.ok(text(written).startsWith('k8s:enc:aescbc:v1:key1:'));
  const back = old.fromStorage(written, 'k');
  assert.deepEqual([Buffer.from(back.data), back.stale], [plain, false]);
  const rotated = new PrefixChain([k2, k1]);
  const read = rotated.fromStorage(written, 'k');
  assert.deepEqual([Buffer.from(read.data), read.stale], [plain, true], 'read with key1, which is no longer first');
  assert.ok(text(rotated.toStorage(plain, 'k')).startsWith('k8s:enc:aescbc:v1:key2:'));
});

test('PrefixChain reads plaintext through identity and refuses it without identity', () => {
  const enc = { prefix: providerPrefix('secretbox', 'a'), transformer: secretboxTransformer(key32) };
  assert.deepEqual(new PrefixChain([enc, { prefix: '', transformer: undefined }]).fromStorage(plain, 'k'), { data: plain, stale: true });
  assert.throws(() => new PrefixChain([enc]).fromStorage(plain, 'k'), /unable to transform key "k": no matching prefix found: the value is not encrypted and identity is not among the providers/);
  const identityFirst = new PrefixChain([{ prefix: '', transformer: undefined }, enc]);
  assert.deepEqual(identityFirst.toStorage(plain, 'k'), plain, 'identity first writes plaintext (decryption)');
  const sealed = new PrefixChain([enc]).toStorage(plain, 'k');
  assert.deepEqual([Buffer.from(identityFirst.fromStorage(sealed, 'k').data), identityFirst.fromStorage(sealed, 'k').stale], [plain, true], 'identity does not read encrypted data');
});

test('PrefixChain fails a read with a missing or wrong key with a message naming the key and the prefix', () => {
  const k1 = { prefix: providerPrefix('aescbc', 'key1'), transformer: aesCbcTransformer(key32) };
  const sealed = new PrefixChain([k1]).toStorage(plain, 'k');
  const missing = new PrefixChain([{ prefix: providerPrefix('aescbc', 'key2'), transformer: aesCbcTransformer(other32) }, { prefix: '', transformer: undefined }]);
  assert.throws(() => missing.fromStorage(sealed, '/registry/core/secrets/default/s'), { message: 'unable to transform key "/registry/core/secrets/default/s": no matching prefix found: no provider has the value\'s prefix "k8s:enc:aescbc:v1:key1:"' });
  const wrong = new PrefixChain([{ prefix: providerPrefix('aescbc', 'key1'), transformer: aesCbcTransformer(other32) }]);
  assert.throws(() => wrong.fromStorage(sealed, 'k'), /^Error: unable to transform key "k": k8s:enc:aescbc:v1:key1: failed to decrypt: /);
  assert.deepEqual(identityStorage.fromStorage(sealed, 'k'), { data: sealed, stale: false });
});
