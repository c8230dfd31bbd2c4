// Storage encoding of objects: JSON bytes without resourceVersion; resourceVersion comes from the store revision.
import type { KubeObject } from '../../api/index.js';

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

/** A deep, mutable copy of a (possibly frozen) object. */
export function clone<T>(obj: T): T {
  return structuredClone(obj);
}
