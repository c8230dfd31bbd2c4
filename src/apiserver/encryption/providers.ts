// Encryption providers of stored values (upstream's value transformers): aescbc, aesgcm, secretbox, identity.
// Each keyed provider owns a prefix `k8s:enc:<provider>:v1:<keyname>:` that the prefix chain reads and writes.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';

/**
 * One way to write and read stored bytes. `toStorage` returns the bytes after the prefix; `fromStorage` gets the
 * bytes after it and throws an Error when they cannot be read (wrong key, tampered data). `context` is the storage
 * key: authenticated data for the AEAD modes that use it, as upstream binds a value to its key.
 */
export interface ValueTransformer {
  toStorage(data: Uint8Array, context: string): Uint8Array;
  fromStorage(data: Uint8Array, context: string): Uint8Array;
}

export type KeyedProviderKind = 'aescbc' | 'aesgcm' | 'secretbox';

/** The prefix upstream writes before values of a keyed provider. */
export function providerPrefix(kind: KeyedProviderKind, keyName: string): string {
  return `k8s:enc:${kind}:v1:${keyName}:`;
}

/** The prefix every encrypted value starts with: identity refuses to read such data. */
export const encryptedPrefix = 'k8s:enc:';

const aesBlock = 16;
const gcmNonce = 12;
const gcmTag = 16;
const boxNonce = 24;

function aesAlgorithm(mode: 'cbc' | 'gcm', key: Uint8Array): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError(`Cannot use an AES key of ${key.length} bytes: expected 16, 24 or 32`);
  return `aes-${key.length * 8}-${mode}`;
}

/** AES-CBC with PKCS#7 padding: random IV, then the ciphertext (upstream's aescbc; no authenticated data). */
export function aesCbcTransformer(key: Uint8Array): ValueTransformer {
  const algorithm = aesAlgorithm('cbc', key);
  return {
    toStorage(data) {
      const iv = randomBytes(aesBlock);
      const c = createCipheriv(algorithm, key, iv);
      return Buffer.concat([iv, c.update(data), c.final()]);
    },
    fromStorage(data) {
      if (data.length < 2 * aesBlock || data.length % aesBlock !== 0) throw new Error('the stored data is not a whole number of AES blocks after the IV');
      const d = createDecipheriv(algorithm, key, data.subarray(0, aesBlock));
      return Buffer.concat([d.update(data.subarray(aesBlock)), d.final()]);
    },
  };
}

/** AES-GCM: random 12-byte nonce, ciphertext, 16-byte tag; the storage key is authenticated data. */
export function aesGcmTransformer(key: Uint8Array): ValueTransformer {
  const algorithm = aesAlgorithm('gcm', key) as 'aes-256-gcm';
  return {
    toStorage(data, context) {
      const nonce = randomBytes(gcmNonce);
      const c = createCipheriv(algorithm, key, nonce);
      c.setAAD(Buffer.from(context));
      const body = Buffer.concat([c.update(data), c.final()]);
      return Buffer.concat([nonce, body, c.getAuthTag()]);
    },
    fromStorage(data, context) {
      if (data.length < gcmNonce + gcmTag) throw new Error('the stored data is shorter than a nonce and a tag');
      const d = createDecipheriv(algorithm, key, data.subarray(0, gcmNonce));
      d.setAAD(Buffer.from(context));
      d.setAuthTag(data.subarray(data.length - gcmTag));
      return Buffer.concat([d.update(data.subarray(gcmNonce, data.length - gcmTag)), d.final()]);
    },
  };
}

/** NaCl secretbox (XSalsa20-Poly1305): random 24-byte nonce, then the sealed box (tag and ciphertext). */
export function secretboxTransformer(key: Uint8Array): ValueTransformer {
  if (key.length !== nacl.secretbox.keyLength) throw new RangeError(`Cannot use a secretbox key of ${key.length} bytes: expected 32`);
  return {
    toStorage(data) {
      const nonce = randomBytes(boxNonce);
      return Buffer.concat([nonce, nacl.secretbox(data, nonce, key)]);
    },
    fromStorage(data) {
      if (data.length < boxNonce + nacl.secretbox.overheadLength) throw new Error('the stored data is shorter than a nonce and a tag');
      const opened = nacl.secretbox.open(data.subarray(boxNonce), data.subarray(0, boxNonce), key);
      if (!opened) throw new Error('secretbox: the data could not be authenticated');
      return opened;
    },
  };
}

export function keyedTransformer(kind: KeyedProviderKind, key: Uint8Array): ValueTransformer {
  switch (kind) {
    case 'aescbc': return aesCbcTransformer(key);
    case 'aesgcm': return aesGcmTransformer(key);
    case 'secretbox': return secretboxTransformer(key);
    default: {
      const never: never = kind;
      return never;
    }
  }
}
