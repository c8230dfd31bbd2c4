// The served OpenAPI documents: the v3 root, one v3 document per group-version, and the v2 document.
// Built on first request and memoized on the resources and definitions served (custom resources come and go).
import { createHash } from 'node:crypto';
import { referencedDefinitions, resourcePaths } from './paths.js';
import { groupVersionPath, type OpenApiResource } from './resource.js';
import { schemaSection } from './schemas.js';
import { registryCatalog, type SchemaCatalog } from './catalog.js';

export type OpenApiDocument = Readonly<Record<string, unknown>>;

const info = { title: 'Kubernetes', version: 'v1.32.4' };

/** Documents by content key, least recently used first; bounded because keys vary with the resources and definitions served. */
const memo = new Map<string, { doc: OpenApiDocument; hash: string }>();
const maxMemo = 64;

function memoized(key: string, build: () => OpenApiDocument): { doc: OpenApiDocument; hash: string } {
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const doc = deepFreeze(build());
  // Upstream names each group-version document by a SHA-512 of its content, in upper-case hex.
  const entry = { doc, hash: createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase() };
  // Evicting the least recently used keeps the unchanged group-versions' documents when custom resources change.
  if (memo.size >= maxMemo) memo.delete(memo.keys().next().value as string);
  memo.set(key, entry);
  return entry;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

const inGroupVersion = (rs: readonly OpenApiResource[], group: string, version: string): OpenApiResource[] =>
  rs.filter((r) => r.group === group && r.version === version);

function groupVersionEntry(group: string, version: string, rs: readonly OpenApiResource[], catalog: SchemaCatalog): { doc: OpenApiDocument; hash: string } {
  const own = inGroupVersion(rs, group, version);
  return memoized(`v3 ${group}/${version} ${JSON.stringify(own)} ${catalog.groupVersionKey(group, version)}`, () => {
    const paths: Record<string, unknown> = {};
    for (const r of own) Object.assign(paths, resourcePaths(r, 'v3', catalog));
    return {
      openapi: '3.0.0',
      info,
      paths,
      components: {
        schemas: schemaSection(own.flatMap((r) => referencedDefinitions(r, catalog)), 'v3', catalog),
        securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer token authentication', name: 'authorization', in: 'header' } },
      },
    };
  });
}

/**
 * The OpenAPI 3.0 document of one group-version: its resources' operations (every PATCH declares
 * fieldValidation and the four patch content types) and the schemas they reference transitively.
 * `resources` may hold other group-versions; they are ignored. The result is frozen and shared.
 */
export function buildOpenApiV3GroupVersion(group: string, version: string, resources: readonly OpenApiResource[], catalog: SchemaCatalog = registryCatalog): OpenApiDocument {
  return groupVersionEntry(group, version, resources, catalog).doc;
}

/**
 * The `/openapi/v3` discovery document: `{ paths: { "api/v1": { serverRelativeURL } } }` where the URL's
 * `hash` changes whenever that group-version's document does (kubectl caches by URL).
 */
export function buildOpenApiV3Root(resources: readonly OpenApiResource[], catalog: SchemaCatalog = registryCatalog): OpenApiDocument {
  return memoized(`v3 root ${JSON.stringify(resources)} ${catalog.key}`, () => {
    const paths: Record<string, unknown> = {};
    for (const r of resources) {
      const key = groupVersionPath(r.group, r.version);
      if (key in paths) continue;
      const { hash } = groupVersionEntry(r.group, r.version, resources, catalog);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    }
    return { paths };
  }).doc;
}

/** The swagger 2.0 document of every resource, with all referenced definitions. Frozen and shared. */
export function buildOpenApiV2(resources: readonly OpenApiResource[], catalog: SchemaCatalog = registryCatalog): OpenApiDocument {
  return memoized(`v2 ${JSON.stringify(resources)} ${catalog.key}`, () => {
    const paths: Record<string, unknown> = {};
    for (const r of resources) Object.assign(paths, resourcePaths(r, 'v2', catalog));
    return {
      swagger: '2.0',
      info,
      paths,
      definitions: schemaSection(resources.flatMap((r) => referencedDefinitions(r, catalog)), 'v2', catalog),
      securityDefinitions: { BearerToken: { type: 'apiKey', description: 'Bearer token authentication', name: 'authorization', in: 'header' } },
      security: [{ BearerToken: [] }],
    };
  }).doc;
}

const jsonCache = new WeakMap<OpenApiDocument, string>();

/** The JSON text of a built document, serialized once (documents are large; send it with sendRaw). */
export function openApiJson(doc: OpenApiDocument): string {
  let text = jsonCache.get(doc);
  if (text === undefined) {
    text = JSON.stringify(doc);
    jsonCache.set(doc, text);
  }
  return text;
}
