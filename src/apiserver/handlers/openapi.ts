// /openapi/v2 and /openapi/v3: documents generated from the resource registry, api/schema, the API group
// providers and the custom resources; the v3 documents of aggregated group-versions come from their servers (proxied), their
// v2 documents are merged into ours.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFoundPath, resources, type apiregistration, type ResourceDescriptor } from '../../api/index.js';
import type { SchemaObject } from '../../api/schema/index.js';
import {
  buildOpenApiV3GroupVersion, buildOpenApiV3Root, layeredCatalog, type OpenApiResource, type OpenApiV2Cache, type OpenApiV2Format, type RemoteOpenApiV2, type SchemaCatalog,
} from '../openapi/index.js';
import { parseAccept } from '../http/negotiate.js';
import { commonHeaders, sendJson } from '../http/respond.js';
import type { UserInfo } from '../registry/context.js';
import { subresourcesOf } from './discovery.js';

let cached: OpenApiResource[] | undefined;

/** A served resource as the OpenAPI builders see it: its subresources as discovery lists them. */
export function openApiResourceOf(r: ResourceDescriptor): OpenApiResource {
  return {
    group: r.group,
    version: r.version,
    kind: r.kind,
    plural: r.plural,
    namespaced: r.namespaced,
    verbs: [...r.verbs],
    subresources: subresourcesOf(r),
    ...(r.custom ? { custom: true } : {}),
  };
}

/** The registry's resources with the subresources discovery lists. */
export function openApiResources(): OpenApiResource[] {
  cached ??= resources.map(openApiResourceOf);
  return cached;
}

/** The resources served here beyond the registry, and the definitions of their kinds. */
export interface LocalOpenApi {
  /** Resources of the API group providers and the custom resources. */
  readonly resources: readonly OpenApiResource[];
  /** api/schema layered with the providers' and custom resources' schemas, per dialect (custom resources' differ). */
  readonly catalogs: Readonly<Record<'v2' | 'v3', SchemaCatalog>>;
}

/**
 * The local part of the documents: the providers' resources and schemas (fixed) with the custom resources' (as
 * `custom()` gives them; rebuilt when it gives another object).
 */
export function localOpenApi(
  providers: { resources: readonly OpenApiResource[]; schemas: Readonly<Record<string, SchemaObject>> },
  custom: () => { readonly resources: readonly OpenApiResource[]; readonly definitions: Readonly<Record<'v2' | 'v3', Readonly<Record<string, SchemaObject>>>> },
): () => LocalOpenApi {
  const base = layeredCatalog(providers.schemas);
  let last: { from: ReturnType<typeof custom>; local: LocalOpenApi } | undefined;
  return () => {
    const from = custom();
    if (last?.from !== from) {
      const catalog = (d: 'v2' | 'v3'): SchemaCatalog => layeredCatalog(from.definitions[d], { base, selfContained: true });
      last = { from, local: { resources: [...providers.resources, ...from.resources], catalogs: { v2: catalog('v2'), v3: catalog('v3') } } };
    }
    return last.local;
  };
}

/** What the OpenAPI documents cover beyond the registry. */
export interface OpenApiSources {
  /** The providers' and custom resources' part: the same object while neither changes. */
  local(): LocalOpenApi;
  /** `/openapi/v3` entries of the available aggregated group-versions. */
  remotePaths(): Promise<Record<string, { serverRelativeURL: string }>>;
  /** `/openapi/v2` documents of the available aggregated group-versions, in APIService priority order. */
  remoteV2(): Promise<readonly RemoteOpenApiV2[]>;
  remoteFor(group: string, version: string): apiregistration.APIService | undefined;
  proxy(req: IncomingMessage, res: ServerResponse, svc: apiregistration.APIService, user: UserInfo): Promise<void>;
  /** This server's built /openapi/v2. */
  readonly v2: OpenApiV2Cache;
}

export async function serveOpenApi(req: IncomingMessage, res: ServerResponse, parts: readonly string[], o: { sources: OpenApiSources; user: UserInfo }): Promise<void> {
  const [, version, ...rest] = parts;
  if (version === 'v2' && rest.length === 0) return serveOpenApiV2(req, res, o.sources);
  const local = o.sources.local();
  const all = local.resources.length ? [...openApiResources(), ...local.resources] : openApiResources();
  if (version === 'v3' && rest.length === 0) {
    const root = buildOpenApiV3Root(all, local.catalogs.v3) as { paths: Record<string, unknown> };
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
    return sendJson(res, 200, buildOpenApiV3GroupVersion(group, ver, rs, local.catalogs.v3));
  }
  throw notFoundPath();
}

const protobufSubtypes = ['com.github.proto-openapi.spec.v2@v1.0+protobuf', 'com.github.proto-openapi.spec.v2.v1.0+protobuf'];
/** Upstream answers both protobuf media types with the current name. */
const contentTypes: Readonly<Record<OpenApiV2Format, string>> = { json: 'application/json', protobuf: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };

/**
 * The format of the first Accept clause that names one (goautoneg order: higher q first, then concrete
 * types before wildcards); JSON for no Accept header; undefined when nothing acceptable is served.
 */
export function negotiateOpenApiV2(accept: string | undefined): OpenApiV2Format | undefined {
  const clauses = parseAccept(accept && accept.trim() !== '' ? accept : '*/*').map((c) => {
    const [type = '', subtype = ''] = c.type.split('/');
    const q = c.params['q'] === undefined ? 1 : Number(c.params['q']);
    return { type, subtype, q: Number.isFinite(q) ? q : 0 };
  }).filter((c) => c.q > 0);
  const rank = (c: { type: string; subtype: string; q: number }): number[] => [-c.q, c.type === '*' ? 1 : 0, c.subtype === '*' ? 1 : 0];
  clauses.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return (x[0]! - y[0]!) || (x[1]! - y[1]!) || (x[2]! - y[2]!);
  });
  for (const c of clauses) {
    if (c.type !== 'application' && c.type !== '*') continue;
    if (c.subtype === 'json' || c.subtype === '*') return 'json';
    if (protobufSubtypes.includes(c.subtype)) return 'protobuf';
  }
  return undefined;
}

/** True when an If-None-Match list names `etag` (weak comparison, as net/http's ServeContent) or is `*`. */
function matchesEtag(header: string, etag: string): boolean {
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}

function isNotModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return matchesEtag(inm, etag);
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

const acceptsGzip = (v: string | undefined): boolean =>
  v !== undefined && v.split(',').some((e) => {
    const [coding, ...params] = e.split(';').map((x) => x.trim().toLowerCase());
    return coding === 'gzip' && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });

/**
 * GET /openapi/v2 as kube-openapi serves it: JSON or gnostic protobuf by Accept (406 otherwise), one
 * ETag for both (Vary: Accept), 304 for a matching If-None-Match, gzip when the client takes it.
 */
async function serveOpenApiV2(req: IncomingMessage, res: ServerResponse, sources: OpenApiSources): Promise<void> {
  const format = negotiateOpenApiV2(req.headers.accept);
  if (format === undefined) {
    res.writeHead(406, { ...commonHeaders, Vary: 'Accept', 'Content-Length': '0' });
    res.end();
    return;
  }
  // A provider whose group-version an extension server took over is described by that server's document.
  const local = sources.local();
  const providers = local.resources.filter((r) => sources.remoteFor(r.group, r.version) === undefined);
  const served = sources.v2.get({ local: providers.length ? [...openApiResources(), ...providers] : openApiResources(), catalog: local.catalogs.v2, remotes: await sources.remoteV2() });
  const headers: Record<string, string> = {
    ...commonHeaders, Vary: 'Accept, Accept-Encoding', ETag: served.etag, 'Last-Modified': served.lastModified.toUTCString(),
  };
  if (isNotModified(req, served.etag, served.lastModified)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  const body = served.body(format, gzip);
  res.writeHead(200, { ...headers, 'Content-Type': contentTypes[format], 'Content-Length': String(body.length), ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
