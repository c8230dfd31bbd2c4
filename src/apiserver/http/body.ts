// Request bodies: bounded reading and decoding from JSON, YAML or Kubernetes protobuf into plain objects.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType, type KubeObject } from '../../api/index.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from '../codec/protobuf/index.js';
import { errorMessage } from '../../util/index.js';
import { auditRecordOf } from '../audit/capture.js';

/** Upstream's limit for request bodies (3 MiB). */
export const maxBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge(`Request entity too large: limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw tooLarge(`Request entity too large: limit is ${limit}`);
    chunks.push(b);
  }
  const body = Buffer.concat(chunks);
  // Audited from level Request on (requestObject).
  auditRecordOf(req)?.recordRequestBody(body, req.headers['content-type']);
  return body;
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

const accepted = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e: unknown) {
    throw badRequest(`the server rejected our request due to an error in our request: ${errorMessage(e)}`);
  }
}

function parseYamlText(text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true, merge: false });
  } catch (e: unknown) {
    throw badRequest(`error converting YAML to JSON: ${errorMessage(e)}`);
  }
}

/** Decodes a JSON/YAML document (used for patch bodies of any type). */
export function decodeDocument(body: Buffer, ct: string): unknown {
  const text = body.toString('utf8');
  if (ct.endsWith('yaml')) return parseYamlText(text);
  return parseJsonText(text);
}

/** Decodes an object body for create/update. Throws 400 on malformed input, 415 on unknown media types. */
export function decodeObject(body: Buffer, contentType: string | undefined): KubeObject {
  const ct = mediaType(contentType) || 'application/json';
  let v: unknown;
  if (ct === 'application/json') v = parseJsonText(body.toString('utf8'));
  else if (ct === 'application/yaml' || ct === 'application/x-yaml' || ct === 'text/yaml') v = parseYamlText(body.toString('utf8'));
  else if (ct === 'application/vnd.kubernetes.protobuf') {
    if (!isKubernetesProtobuf(body)) throw badRequest('the body of the request was in an unknown format: protobuf magic prefix is missing');
    v = decodeKubernetesProtobuf(body).object;
  } else throw unsupportedMediaType(ct, accepted);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw badRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 100)}'`);
  }
  return v as KubeObject;
}
