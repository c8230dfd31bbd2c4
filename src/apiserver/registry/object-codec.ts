// Storage encoding of objects: JSON bytes without resourceVersion (resourceVersion comes from the store revision),
// passed through the resource's StorageTransformer (encryption at rest; identity when none is configured).
import { internal, type KubeObject } from '../../api/index.js';
import { identityStorage, type StorageTransformer } from '../encryption/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeForStorage(obj: KubeObject): Uint8Array {
  const meta = obj.metadata;
  if (meta && 'resourceVersion' in meta) {
    const { resourceVersion: _rv, ...rest } = meta;
    return encoder.encode(JSON.stringify({ ...obj, metadata: rest }));
  }
  return encoder.encode(JSON.stringify(obj));
}

export function decodeFromStorage(bytes: Uint8Array, rv: number): KubeObject {
  const obj = JSON.parse(decoder.decode(bytes)) as KubeObject;
  const meta = (obj.metadata ??= {});
  meta['resourceVersion'] = String(rv);
  return obj;
}

/** An object read from the store, and whether its bytes were written by a provider other than the first. */
export interface DecodedObject {
  readonly object: KubeObject;
  readonly stale: boolean;
}

/** Encodes and decodes one resource's objects under their storage keys. */
export class ObjectCodec {
  readonly #transformer: StorageTransformer;

  constructor(transformer: StorageTransformer = identityStorage) {
    this.#transformer = transformer;
  }

  encode(obj: KubeObject, key: string): Uint8Array {
    return this.#transformer.toStorage(encodeForStorage(obj), key);
  }

  /** Throws a 500 ApiError naming the key when the value cannot be decrypted (wrong or missing key). */
  decodeWithState(bytes: Uint8Array, rv: number, key: string): DecodedObject {
    let plain: { data: Uint8Array; stale: boolean };
    try {
      plain = this.#transformer.fromStorage(bytes, key);
    } catch (e: unknown) {
      throw internal(e);
    }
    return { object: decodeFromStorage(plain.data, rv), stale: plain.stale };
  }

  readonly decode = (bytes: Uint8Array, rv: number, key: string): KubeObject => this.decodeWithState(bytes, rv, key).object;
}

/** A deep, mutable copy of a (possibly frozen) object. */
export function clone<T>(obj: T): T {
  return structuredClone(obj);
}
