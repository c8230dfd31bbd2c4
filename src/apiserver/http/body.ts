// Request bodies: bounded reading and decoding from JSON, YAML or Kubernetes protobuf into plain objects.
import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
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

/** Go's encoding/json limit (upstream decodes every body with it): deeper documents are refused with 400. */
export const maxNestingDepth = 10_000;

/** A YAML alias may be expanded this many times (billion laughs); upstream's go-yaml refuses "excessive aliasing". */
const maxYamlAliases = 1_000;

const exceededMaxDepth = (): Error => badRequest('the server rejected our request due to an error in our request: json: exceeded max depth');

/** Throws 400 when `v` nests deeper than maxNestingDepth (walked without recursion, so any depth is safe). */
function checkDepth(v: unknown): void {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, depth] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (depth > maxNestingDepth) throw exceededMaxDepth();
    for (const c of Array.isArray(x) ? x : Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
}

const accepted = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function parseJsonText(text: string): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e: unknown) {
    throw badRequest(`the server rejected our request due to an error in our request: ${errorMessage(e)}`);
  }
  checkDepth(v);
  return v;
}

function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  // "__proto__" is a key like any other in a document, never the prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * A YAML value (from toJS with mapAsMap) as JSON, as sigs.k8s.io/yaml converts it: scalar keys become strings;
 * collection keys, binary and other non-JSON values are refused with 400; walked without recursion, so deep or
 * circular (self-referencing alias) documents end at maxNestingDepth.
 */
function yamlValueToJson(root: unknown): unknown {
  const box: Record<string, unknown> = {};
  type Step = { src: unknown; into: Record<string, unknown> | unknown[]; key: string | number; depth: number } | { leave: object };
  const stack: Step[] = [{ src: root, into: box, key: 'v', depth: 0 }];
  // The collections on the path from the root: meeting one again is an alias of its own ancestor.
  const onPath = new Set<object>();
  while (stack.length) {
    const step = stack.pop()!;
    if ('leave' in step) {
      onPath.delete(step.leave);
      continue;
    }
    const { src, into, key, depth } = step;
    let out: unknown;
    if (src === null || src === undefined) out = null;
    else if (typeof src === 'string' || typeof src === 'boolean') out = src;
    else if (typeof src === 'number') {
      if (!Number.isFinite(src)) throw badRequest(`error converting YAML to JSON: unsupported value ${String(src)}`);
      out = src;
    } else if (typeof src === 'bigint') out = Number(src);
    else if (Array.isArray(src) || src instanceof Map) {
      if (depth >= maxNestingDepth) throw exceededMaxDepth();
      if (onPath.has(src)) throw badRequest('error converting YAML to JSON: an alias refers to a collection that contains it');
      onPath.add(src);
      stack.push({ leave: src });
      if (Array.isArray(src)) {
        const arr: unknown[] = new Array<unknown>(src.length).fill(null);
        src.forEach((x, i) => stack.push({ src: x, into: arr, key: i, depth: depth + 1 }));
        out = arr;
      } else {
        const obj: Record<string, unknown> = {};
        for (const [k, x] of src) {
          if (k !== null && typeof k === 'object') throw badRequest(`error converting YAML to JSON: yaml: invalid map key: ${JSON.stringify(k instanceof Map ? Object.fromEntries(k) : k) ?? String(k)}`);
          const name = k === null || k === undefined ? 'null' : String(k);
          setKey(obj, name, null);
          stack.push({ src: x, into: obj, key: name, depth: depth + 1 });
        }
        out = obj;
      }
    } else throw badRequest(`error converting YAML to JSON: unsupported value of type ${src instanceof Uint8Array ? 'binary' : typeof src}`);
    if (Array.isArray(into)) into[key as number] = out;
    else setKey(into, String(key), out);
  }
  return box['v'];
}

function parseYamlText(text: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: true, merge: false, prettyErrors: false });
  } catch (e: unknown) {
    throw badRequest(`error converting YAML to JSON: ${errorMessage(e)}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw badRequest(`error converting YAML to JSON: ${problem.message}`);
  let js: unknown;
  try {
    js = doc.toJS({ mapAsMap: true, maxAliasCount: maxYamlAliases });
  } catch (e: unknown) {
    throw badRequest(`error converting YAML to JSON: ${errorMessage(e)}`);
  }
  return yamlValueToJson(js);
}

/** Decodes a JSON/YAML document (used for patch bodies of any type). */
export function decodeDocument(body: Buffer, ct: string): unknown {
  const text = body.toString('utf8');
  if (ct.endsWith('yaml')) return parseYamlText(text);
  return parseJsonText(text);
}

/** Decodes an object body for create/update. Throws 400 on malformed input, 415 on unknown media types. */
export function decodeObject(body: Buffer, contentType: string | undefined): KubeObject {
  // No Content-Type means JSON; one that is not a media type ("type/subtype") is refused like an unknown one.
  const ct = (contentType ?? '').trim() === '' ? 'application/json' : mediaType(contentType);
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
