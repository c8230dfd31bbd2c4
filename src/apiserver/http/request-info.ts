// RequestInfo: what a URL path and method mean in Kubernetes terms (upstream RequestInfoFactory).
import { exactName, parseFieldSelector } from '../../api/index.js';

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

/** Parses `/api/v1/namespaces/ns/pods/name/status` and friends. `watch` comes from the query. */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
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
