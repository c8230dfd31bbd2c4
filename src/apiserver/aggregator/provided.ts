// Serving in-process API group providers (api/provider): the requests of their group-versions, their
// discovery entries, APIResourceLists and OpenAPI resources. Authentication and authorization happened
// before; this file maps a parsed request onto ApiGroupProvider.handle and renders the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  gvString, methodNotAllowed, notFoundPath, unsupportedMediaType, type ApiGroupProvider, type KubeObject, type ProvidedResource, type ProviderVerb,
} from '../../api/index.js';
import { patchTypeFromContentType } from '../../api/patch/index.js';
import { defaultPrinter } from '../../api/printers/index.js';
import type { Clock } from '../../util/index.js';
import type { ResourceRequest } from '../http/request-info.js';
import { decodeDocument, decodeObject, mediaType, readBody } from '../http/body.js';
import { rendering } from '../http/negotiate.js';
import { sendJson } from '../http/respond.js';
import type { UserInfo } from '../registry/context.js';
import { parseIncludeObject, partialObjectMetadata, tableOf } from '../handlers/table.js';
import type { OpenApiResource } from '../openapi/index.js';
import type { ServedGroupVersion } from './discovery-merge.js';

const providerVerbs: ReadonlySet<string> = new Set<ProviderVerb>(['get', 'list', 'create', 'update', 'patch', 'delete', 'deletecollection']);

function isProviderVerb(v: string): v is ProviderVerb {
  return providerVerbs.has(v);
}

/** The provider's group-version as a merged-discovery entry. */
export function providerGroupVersion(p: ApiGroupProvider): ServedGroupVersion {
  return {
    group: p.group, version: p.version, priority: p.priority,
    resources: p.resources.map((r) => ({
      resource: r.name, singularResource: r.singularName, scope: r.namespaced ? 'Namespaced' : 'Cluster',
      responseKind: { group: p.group, version: p.version, kind: r.kind }, verbs: [...r.verbs],
      ...(r.shortNames?.length ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories?.length ? { categories: [...r.categories] } : {}),
    })),
  };
}

/** The provider's legacy `/apis/<group>/<version>` APIResourceList. */
export function providerResourceList(p: ApiGroupProvider): Record<string, unknown> {
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gvString(p),
    resources: p.resources.map((r) => ({
      name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs],
      ...(r.shortNames?.length ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories?.length ? { categories: [...r.categories] } : {}),
    })),
  };
}

export function providerOpenApiResources(p: ApiGroupProvider): OpenApiResource[] {
  // Subresource-style names (`pods/<metric>`) have no OpenAPI path of their own.
  return p.resources.filter((r) => !r.name.includes('/')).map((r) => ({ group: p.group, version: p.version, kind: r.kind, plural: r.name, namespaced: r.namespaced, verbs: [...r.verbs], subresources: [] }));
}

function isList(obj: KubeObject): boolean {
  return Array.isArray(obj['items']);
}

async function providerBody(req: IncomingMessage, verb: ProviderVerb): Promise<{ body?: unknown; patchType?: 'json' | 'merge' | 'strategic' | 'apply' }> {
  if (verb === 'create' || verb === 'update') return { body: decodeObject(await readBody(req), req.headers['content-type']) };
  if (verb !== 'patch') return {};
  const ct = mediaType(req.headers['content-type']);
  const patchType = patchTypeFromContentType(ct);
  if (!patchType) throw unsupportedMediaType(ct, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', 'application/strategic-merge-patch+json']);
  return { body: decodeDocument(await readBody(req), ct), patchType };
}

export interface ProvidedCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly info: ResourceRequest;
  readonly query: URLSearchParams;
  readonly user: UserInfo;
  readonly clock: Clock;
}

/** Serves one resource request of `p`'s group-version. Throws ApiError for requests the provider does not take. */
export async function serveProvided(p: ApiGroupProvider, call: ProvidedCall): Promise<void> {
  const { req, res, info, query } = call;
  // A resource named `<resource>/<subresource>` (custom metrics: `pods/<metric>`) takes `<resource>/<name>/<subresource>`.
  const wanted = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  const resource: ProvidedResource | undefined = p.resources.find((r) => r.name === wanted);
  if (!resource) throw notFoundPath();
  if (!resource.namespaced && info.namespace !== '') throw notFoundPath();
  const gr = { group: p.group, resource: resource.name };
  if (!isProviderVerb(info.verb) || !resource.verbs.includes(info.verb)) throw methodNotAllowed(info.verb, gr);
  const verb = info.verb;
  const { body, patchType } = await providerBody(req, verb);
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const answer = await p.handle({
    verb, resource: resource.name, namespace: resource.namespaced ? info.namespace : '', name: info.name, query,
    ...(body === undefined ? {} : { body }), ...(patchType ? { patchType } : {}),
    user: { name: call.user.name, groups: [...call.user.groups] }, signal: abort.signal,
  });
  const code = verb === 'create' ? 201 : 200;
  const r = verb === 'get' || verb === 'list' ? rendering(req.headers.accept) : 'object';
  if (r === 'object') return sendJson(res, code, answer);
  const objects = isList(answer) ? (answer['items'] as KubeObject[]) : [answer];
  const meta = (answer.metadata ?? {}) as { resourceVersion?: string; continue?: string };
  if (r === 'partial') {
    if (!isList(answer)) return sendJson(res, code, partialObjectMetadata(answer));
    return sendJson(res, code, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: objects.map(partialObjectMetadata) });
  }
  return sendJson(res, code, tableOf(resource.printer ?? defaultPrinter, objects, {
    include: parseIncludeObject(query), now: call.clock.now(),
    ...(meta.resourceVersion !== undefined ? { resourceVersion: meta.resourceVersion } : {}), ...(meta.continue ? { continueToken: meta.continue } : {}),
  }));
}
