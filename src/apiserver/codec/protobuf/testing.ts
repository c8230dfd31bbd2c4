// Test helper: builds Kubernetes protobuf bodies with protobufjs from the same descriptor table, laid out
// the way Go's encoder writes them (callers pass Go's zero values explicitly).
import { descriptors } from './descriptors.js';

/** Encodes `object` as the upstream message for apiVersion+kind, wrapped in "k8s\0" + runtime.Unknown. */
export function encodeBody(apiVersion: string, kind: string, object: Record<string, unknown>, options: { message?: string } = {}): Uint8Array {
  const { root } = descriptors();
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash).split('.')[0] ?? '';
  const version = apiVersion.slice(slash + 1);
  const type = root.lookupType(options.message ?? `k8s.io.api.${group}.${version}.${kind}`);
  const raw = type.encode(type.fromObject(object)).finish();
  return wrapRaw(apiVersion, kind, raw);
}

/** Wraps already-encoded message bytes in the Unknown envelope with the magic prefix. */
export function wrapRaw(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ''): Uint8Array {
  const unknown = descriptors().root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const env = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding, contentType: '' })).finish();
  const out = new Uint8Array(4 + env.length);
  out.set([0x6b, 0x38, 0x73, 0x00]);
  out.set(env, 4);
  return out;
}
