// Kubernetes protobuf request bodies ("k8s\0" + runtime.Unknown) decoded into the JSON object upstream
// would produce for the same Go object, using the upstream message table in descriptors.json.
import { ApiError, badRequest } from '../../../api/index.js';
import { descriptors, messageForKind } from './descriptors.js';
import { messageToJson } from './to-json.js';
import { errorMessage } from '../../../util/index.js';

const magic = [0x6b, 0x38, 0x73, 0x00];

/** True when the body starts with the Kubernetes protobuf magic prefix "k8s\0". */
export function isKubernetesProtobuf(body: Uint8Array): boolean {
  return body.length >= magic.length && magic.every((b, i) => body[i] === b);
}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object in upstream JSON shape, with apiVersion and kind set. */
  object: Record<string, unknown>;
}

interface Envelope { apiVersion: string; kind: string; raw: Uint8Array; contentEncoding: string }

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function readEnvelope(body: Uint8Array): Envelope {
  const unknownType = descriptors().root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const env: Record<string, unknown> = { ...unknownType.decode(body.subarray(magic.length)) };
  const typeMeta: Record<string, unknown> = env['typeMeta'] !== null && typeof env['typeMeta'] === 'object' ? { ...env['typeMeta'] } : {};
  const raw = env['raw'];
  return {
    apiVersion: text(typeMeta['apiVersion']),
    kind: text(typeMeta['kind']),
    raw: raw instanceof Uint8Array ? raw : new Uint8Array(),
    contentEncoding: text(env['contentEncoding']),
  };
}

/**
 * Decodes a whole request body. Does not mutate `body`. Throws ApiError 400 (BadRequest) when the body is
 * not valid Kubernetes protobuf or names a type this server has no message for; never any other error.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  if (!isKubernetesProtobuf(body)) throw badRequest('Cannot decode protobuf body: the "k8s\\x00" prefix is missing');
  let env: Envelope;
  try {
    env = readEnvelope(body);
  } catch (e: unknown) {
    throw wrap(e, 'the runtime.Unknown envelope is malformed');
  }
  const { apiVersion, kind } = env;
  const gvk = `"${apiVersion}, Kind=${kind}"`;
  if (env.contentEncoding !== '') throw badRequest(`Cannot decode protobuf body for ${gvk}: content encoding "${env.contentEncoding}" is not supported`);
  const type = messageForKind(apiVersion, kind);
  if (!type) throw badRequest(`Cannot decode protobuf body for ${gvk}: the type is not known`);
  try {
    const msg: Record<string, unknown> = { ...type.decode(env.raw) };
    return { apiVersion, kind, object: { apiVersion, kind, ...messageToJson(type, msg) } };
  } catch (e: unknown) {
    throw wrap(e, `the ${type.name} message is malformed`);
  }
}

function wrap(e: unknown, what: string): ApiError {
  if (e instanceof ApiError) return e;
  const detail = errorMessage(e);
  const err = badRequest(`Cannot decode protobuf body: ${what}: ${detail}`);
  return new ApiError(err.code, err.reason, err.message, err.details, { cause: e });
}

