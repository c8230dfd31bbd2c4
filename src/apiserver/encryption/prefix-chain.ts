// The provider chain of one resource (upstream's prefix transformers): the first provider writes, every provider
// reads the values that start with its prefix, identity reads what carries no encryption prefix.
import { encryptedPrefix, type ValueTransformer } from './providers.js';

export interface PrefixedTransformer {
  /** `k8s:enc:aescbc:v1:key1:`; empty for identity. */
  readonly prefix: string;
  /** Undefined for identity (bytes pass through unchanged). */
  readonly transformer: ValueTransformer | undefined;
}

export interface ReadResult {
  readonly data: Uint8Array;
  /**
   * The value was not written by the first provider (another key, another provider, or plaintext before encryption):
   * rewriting it, even unchanged, stores it with the first one (how `kubectl replace` rotates keys, as upstream).
   */
  readonly stale: boolean;
}

/** Reads and writes stored values of one resource. Thrown errors carry a message fit for a 500. */
export interface StorageTransformer {
  toStorage(data: Uint8Array, key: string): Uint8Array;
  fromStorage(data: Uint8Array, key: string): ReadResult;
}

export const identityStorage: StorageTransformer = {
  toStorage: (data) => data,
  fromStorage: (data) => ({ data, stale: false }),
};

const startsWith = (data: Uint8Array, prefix: Uint8Array): boolean => {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
};

const encoder = new TextEncoder();
const encryptedMarker = encoder.encode(encryptedPrefix);

export class PrefixChain implements StorageTransformer {
  readonly #chain: readonly { prefix: Uint8Array; name: string; transformer: ValueTransformer | undefined }[];

  /** `providers` in configuration order, each keyed provider expanded to one entry per key. Must not be empty. */
  constructor(providers: readonly PrefixedTransformer[]) {
    if (providers.length === 0) throw new RangeError('Cannot build an encryption provider chain: no providers');
    this.#chain = providers.map((p) => ({ prefix: encoder.encode(p.prefix), name: p.prefix === '' ? 'identity' : p.prefix, transformer: p.transformer }));
  }

  toStorage(data: Uint8Array, key: string): Uint8Array {
    const first = this.#chain[0]!;
    if (!first.transformer) return data;
    const body = first.transformer.toStorage(data, key);
    const out = new Uint8Array(first.prefix.length + body.length);
    out.set(first.prefix, 0);
    out.set(body, first.prefix.length);
    return out;
  }

  fromStorage(data: Uint8Array, key: string): ReadResult {
    const failures: string[] = [];
    for (let i = 0; i < this.#chain.length; i++) {
      const p = this.#chain[i]!;
      if (!p.transformer) {
        // identity: anything that is not encrypted (data written before encryption was enabled).
        if (startsWith(data, encryptedMarker)) continue;
        return { data, stale: i !== 0 };
      }
      if (!startsWith(data, p.prefix)) continue;
      try {
        return { data: p.transformer.fromStorage(data.subarray(p.prefix.length), key), stale: i !== 0 };
      } catch (e: unknown) {
        failures.push(`${p.name} failed to decrypt: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const reason = failures.length ? failures.join('; ') : noMatchReason(data);
    throw new Error(`unable to transform key "${key}": ${reason}`);
  }
}

/** Why no provider read a value: it is plaintext without identity configured, or no provider has its prefix. */
function noMatchReason(data: Uint8Array): string {
  if (!startsWith(data, encryptedMarker)) return 'no matching prefix found: the value is not encrypted and identity is not among the providers';
  const m = /^k8s:enc:[a-z0-9]+:v\d+:[^:]*:/.exec(Buffer.from(data.subarray(0, 96)).toString('latin1'));
  return `no matching prefix found: no provider has the value's prefix "${m ? m[0] : encryptedPrefix}"`;
}
