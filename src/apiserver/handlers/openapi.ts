// /openapi/v2 and /openapi/v3: documents generated from the resource registry and api/schema.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundPath, resources } from '../../api/index.js';
import { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, type OpenApiResource } from '../openapi/index.js';
import { parseAccept } from '../http/negotiate.js';
import { sendJson } from '../http/respond.js';

let cached: OpenApiResource[] | undefined;

export function openApiResources(): OpenApiResource[] {
  cached ??= resources.map((r) => ({
    group: r.group,
    version: r.version,
    kind: r.kind,
    plural: r.plural,
    namespaced: r.namespaced,
    verbs: [...r.verbs],
    subresources: [
      ...(r.hasStatus ? [{ name: 'status', kind: r.kind, group: r.group, version: r.version }] : []),
      ...(r.scale ? [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1' }] : []),
    ],
  }));
  return cached;
}

export async function serveOpenApi(req: IncomingMessage, res: ServerResponse, parts: readonly string[], _url: URL): Promise<void> {
  const [, version, ...rest] = parts;
  if (version === 'v2' && rest.length === 0) {
    // kubectl asks for the v2 document as protobuf; we only serve JSON (v3 is what kubectl 1.32 uses).
    const accept = parseAccept(req.headers.accept);
    const json = accept.length === 0 || accept.some((a) => a.type === 'application/json' || a.type === '*/*');
    if (!json) throw notFoundPath();
    return sendJson(res, 200, buildOpenApiV2(openApiResources()));
  }
  if (version === 'v3' && rest.length === 0) return sendJson(res, 200, buildOpenApiV3Root(openApiResources()));
  if (version === 'v3') {
    let group = '';
    let ver = '';
    if (rest[0] === 'api' && rest.length === 2) ver = rest[1]!;
    else if (rest[0] === 'apis' && rest.length === 3) { group = rest[1]!; ver = rest[2]!; }
    else throw notFoundPath();
    const rs = openApiResources().filter((r) => r.group === group && r.version === ver);
    if (rs.length === 0) throw notFoundPath();
    return sendJson(res, 200, buildOpenApiV3GroupVersion(group, ver, rs));
  }
  throw notFoundPath();
}
