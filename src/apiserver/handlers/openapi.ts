// /openapi/v2 and /openapi/v3: documents generated from the resource registry, api/schema and the API
// group providers; the v3 documents of aggregated group-versions come from their servers (proxied).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundPath, resources, type apiregistration } from '../../api/index.js';
import { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, type OpenApiResource, type SchemaCatalog } from '../openapi/index.js';
import { parseAccept } from '../http/negotiate.js';
import { sendJson } from '../http/respond.js';
import type { UserInfo } from '../registry/context.js';

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

/** What the OpenAPI documents cover beyond the registry. */
export interface OpenApiSources {
  /** Resources of the API group providers. */
  readonly local: readonly OpenApiResource[];
  /** api/schema layered with the providers' schemas. */
  readonly catalog: SchemaCatalog;
  /** `/openapi/v3` entries of the available aggregated group-versions. */
  remotePaths(): Promise<Record<string, { serverRelativeURL: string }>>;
  remoteFor(group: string, version: string): apiregistration.APIService | undefined;
  proxy(req: IncomingMessage, res: ServerResponse, svc: apiregistration.APIService, user: UserInfo): Promise<void>;
}

export async function serveOpenApi(req: IncomingMessage, res: ServerResponse, parts: readonly string[], o: { sources: OpenApiSources; user: UserInfo }): Promise<void> {
  const [, version, ...rest] = parts;
  const all = o.sources.local.length ? [...openApiResources(), ...o.sources.local] : openApiResources();
  if (version === 'v2' && rest.length === 0) {
    // kubectl asks for the v2 document as protobuf; we only serve JSON (v3 is what kubectl 1.32 uses).
    const accept = parseAccept(req.headers.accept);
    const json = accept.length === 0 || accept.some((a) => a.type === 'application/json' || a.type === '*/*');
    if (!json) throw notFoundPath();
    return sendJson(res, 200, buildOpenApiV2(all, o.sources.catalog));
  }
  if (version === 'v3' && rest.length === 0) {
    const root = buildOpenApiV3Root(all, o.sources.catalog) as { paths: Record<string, unknown> };
    const remote = await o.sources.remotePaths();
    return sendJson(res, 200, Object.keys(remote).length ? { ...root, paths: { ...root.paths, ...remote } } : root);
  }
  if (version === 'v3') {
    let group = '';
    let ver = '';
    if (rest[0] === 'api' && rest.length === 2) ver = rest[1]!;
    else if (rest[0] === 'apis' && rest.length === 3) { group = rest[1]!; ver = rest[2]!; }
    else throw notFoundPath();
    const svc = group === '' ? undefined : o.sources.remoteFor(group, ver);
    if (svc) return o.sources.proxy(req, res, svc, o.user);
    const rs = all.filter((r) => r.group === group && r.version === ver);
    if (rs.length === 0) throw notFoundPath();
    return sendJson(res, 200, buildOpenApiV3GroupVersion(group, ver, rs, o.sources.catalog));
  }
  throw notFoundPath();
}
