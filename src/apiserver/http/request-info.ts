// RequestInfo: what a URL path and method mean in Kubernetes terms (upstream RequestInfoFactory), and the request
// target itself, refused with 400 when it cannot be parsed (as Go's net/http does before kube-apiserver sees it).
import { badRequest, exactName, parseFieldSelector } from '../../api/index.js';

export interface ResourceRequest {
  readonly isResource: true;
  /** get, list, watch, create, update, patch, delete, deletecollection */
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
  readonly path: string;
}

export interface NonResourceRequest {
  readonly isResource: false;
  readonly verb: string;
  readonly path: string;
  readonly parts: readonly string[];
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

const methodVerb: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Go's message for a bad escape: `invalid URL escape "%zz"`. */
function escapeError(raw: string): string {
  const bad = /%(?![0-9a-fA-F]{2})[^]{0,2}/.exec(raw)?.[0] ?? raw;
  return `parse ${JSON.stringify(raw.slice(0, 200))}: invalid URL escape ${JSON.stringify(bad)}`;
}

/**
 * The request target (origin form `/path?query`, or absolute form) as a URL. Throws ApiError 400 for a target that
 * is neither or carries a malformed percent-encoding in its path (upstream answers these 400 in net/http).
 */
export function parseRequestTarget(raw: string): URL {
  let url: URL;
  try {
    url = raw.startsWith('/') ? new URL(`https://localhost${raw}`) : new URL(raw);
  } catch {
    throw badRequest(`parse ${JSON.stringify(raw.slice(0, 200))}: invalid request URI`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest(`parse ${JSON.stringify(raw.slice(0, 200))}: invalid request URI`);
  if (/%(?![0-9a-fA-F]{2})/.test(url.pathname)) throw badRequest(escapeError(url.pathname));
  return url;
}

function decodeSegment(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    // A well-formed escape of bytes that are not UTF-8 (Go keeps such bytes; a name never holds them).
    throw badRequest(`parse ${JSON.stringify(p.slice(0, 200))}: invalid UTF-8 in URL escape`);
  }
}

/** Parses `/api/v1/namespaces/ns/pods/name/status` and friends. `watch` comes from the query. Throws ApiError 400 for bad escapes. */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '').map(decodeSegment);
  const verb0 = methodVerb[method] ?? method.toLowerCase();
  const nonResource = (): NonResourceRequest => ({ isResource: false, verb: verb0, path, parts });
  let i: number;
  let group = '';
  let version: string;
  if (parts[0] === 'api') {
    if (parts.length < 3) return nonResource();
    version = parts[1]!;
    i = 2;
  } else if (parts[0] === 'apis') {
    if (parts.length < 4) return nonResource();
    group = parts[1]!;
    version = parts[2]!;
    i = 3;
  } else {
    return nonResource();
  }
  let rest = parts.slice(i);
  let namespace = '';
  // namespaces/{ns}/{resource}... but `namespaces/{name}` and `namespaces/{name}/status|finalize` address the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1]!;
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = '';
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest.slice(2).join('/');
  let verb = verb0;
  if (verb === 'get' && name === '') verb = 'list';
  if (verb === 'delete' && name === '') verb = 'deletecollection';
  const w = query.get('watch');
  if ((verb === 'list' || verb === 'get') && (w === 'true' || w === '1')) verb = 'watch';
  if (resource === 'namespaces' && name !== '' && namespace === '') namespace = '';
  return { isResource: true, verb, group, version, namespace, resource, name: name || selectedName(verb, query), subresource, path };
}

/**
 * A list or watch whose field selector pins metadata.name addresses that one object (upstream: so RBAC
 * resourceNames and the node authorizer can allow a kubelet's watch of a single Secret). A selector that does
 * not parse names nothing here; the handler answers it with its 400.
 */
function selectedName(verb: string, query: URLSearchParams): string {
  const fs = query.get('fieldSelector');
  if ((verb !== 'list' && verb !== 'watch') || !fs) return '';
  try {
    const n = exactName(parseFieldSelector(fs)) ?? '';
    return n !== '' && !n.includes('/') && !n.includes('%') && n !== '.' && n !== '..' ? n : '';
  } catch {
    return '';
  }
}
