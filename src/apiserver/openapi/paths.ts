// The `paths` of an OpenAPI document for one served resource: collection, item and subresource
// operations, each tagged with x-kubernetes-action and a single x-kubernetes-group-version-kind object.
import { registryCatalog, type SchemaCatalog } from './catalog.js';
import { parameters, parameterSets } from './parameters.js';
import { groupVersionPath, operationStem, refPrefix, tagOf, type Dialect, type OpenApiResource, type OpenApiSubresource } from './resource.js';

type Json = Record<string, unknown>;

/** Content types a PATCH accepts; kubectl reads the strategic-merge key to choose OpenAPI-driven patching. */
export const patchContentTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** A custom resource's: no strategic merge patch (kubectl then patches it with a JSON merge patch). */
const customPatchContentTypes = patchContentTypes.filter((t) => t !== 'application/strategic-merge-patch+json');

const responseTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export const statusDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const deleteOptionsDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
/** A schema-less body for PATCH; added to the documents' schemas by the builders. */
export const patchDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

interface Ctx {
  dialect: Dialect;
  tag: string;
}

const ref = (ctx: Ctx, name: string | undefined): Json => (name === undefined ? { type: 'object' } : { $ref: refPrefix[ctx.dialect] + name });

function responses(ctx: Ctx, codes: readonly string[], schema: Json, types: readonly string[]): Json {
  const out: Json = {};
  for (const code of codes) {
    out[code] = ctx.dialect === 'v2'
      ? { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', schema }
      : { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', content: Object.fromEntries(types.map((t) => [t, { schema }])) };
  }
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** Body parameter (v2) or requestBody (v3) for the given content types. */
function body(ctx: Ctx, types: readonly string[], schema: Json, required: boolean): Json {
  if (ctx.dialect === 'v3') return { requestBody: { ...(required ? { required: true } : {}), content: Object.fromEntries(types.map((t) => [t, { schema }])) } };
  return { consumes: [...types], bodyParam: { name: 'body', in: 'body', ...(required ? { required: true } : {}), schema } };
}

interface OpSpec {
  action: string;
  verb: string;
  gvk: { group: string; version: string; kind: string };
  params: readonly string[];
  response: Json;
  codes: readonly string[];
  body?: Json;
  /** Response media types when not the API's: any type for connect, text/plain first for logs. */
  produces?: readonly string[];
}

function operation(ctx: Ctx, id: string, spec: OpSpec): Json {
  const { bodyParam, ...bodyRest } = spec.body ?? {};
  const params = [...parameters(spec.params, ctx.dialect), ...(bodyParam === undefined ? [] : [bodyParam])];
  return {
    tags: [ctx.tag],
    description: `${spec.action} ${spec.gvk.kind}`,
    operationId: `${spec.verb}${id}`,
    ...(params.length ? { parameters: params } : {}),
    ...bodyRest,
    ...(ctx.dialect === 'v2' ? { produces: spec.produces ?? responseTypes, schemes: ['https'] } : {}),
    responses: responses(ctx, spec.codes, spec.response, spec.produces ?? responseTypes),
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': spec.gvk,
  };
}

/** All path items of one resource, keyed by URL path (`/api/v1/namespaces/{namespace}/pods/{name}`). */
export function resourcePaths(r: OpenApiResource, dialect: Dialect, catalog: SchemaCatalog = registryCatalog): Record<string, Json> {
  const definitionName = catalog.definitionName;
  const ctx: Ctx = { dialect, tag: tagOf(r.group, r.version) };
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const self = ref(ctx, definitionName(r.group, r.version, r.kind));
  const list = ref(ctx, definitionName(r.group, r.version, `${r.kind}List`));
  const status = ref(ctx, statusDefinition);
  const patch = ref(ctx, patchDefinition);
  const can = (verb: string): boolean => r.verbs.includes(verb);
  const ns = r.namespaced ? 'Namespaced' : '';
  const stem = `${operationStem(r.group, r.version)}${ns}${r.kind}`;
  const base = `/${groupVersionPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const scope = parameters(r.namespaced ? ['namespace', 'pretty'] : ['pretty'], dialect);
  const itemScope = [...parameters(['name'], dialect), ...scope];
  const writeBody = body(ctx, ['*/*'], self, true);
  const patchBody = body(ctx, r.custom ? customPatchContentTypes : patchContentTypes, patch, true);
  const out: Record<string, Json> = {};

  const collection: Json = { parameters: scope };
  if (can('list')) collection['get'] = operation(ctx, stem, { action: 'list', verb: 'list', gvk, params: parameterSets.list, response: list, codes: ['200'] });
  if (can('create')) collection['post'] = operation(ctx, stem, { action: 'post', verb: 'create', gvk, params: parameterSets.write, response: self, codes: ['200', '201', '202'], body: writeBody });
  if (can('deletecollection')) collection['delete'] = operation(ctx, stem, { action: 'deletecollection', verb: 'deleteCollection', gvk, params: parameterSets.deleteCollection, response: status, codes: ['200'], body: body(ctx, ['*/*'], ref(ctx, deleteOptionsDefinition), false) });
  if (Object.keys(collection).length > 1) out[base] = collection;

  if (r.namespaced && can('list')) {
    out[`/${groupVersionPath(r.group, r.version)}/${r.plural}`] = {
      parameters: parameters(['pretty'], dialect),
      get: operation(ctx, `${operationStem(r.group, r.version)}${r.kind}ForAllNamespaces`, { action: 'list', verb: 'list', gvk, params: parameterSets.list, response: list, codes: ['200'] }),
    };
  }

  const item: Json = { parameters: itemScope };
  if (can('get')) item['get'] = operation(ctx, stem, { action: 'get', verb: 'read', gvk, params: [], response: self, codes: ['200'] });
  if (can('update')) item['put'] = operation(ctx, stem, { action: 'put', verb: 'replace', gvk, params: parameterSets.write, response: self, codes: ['200', '201'], body: writeBody });
  if (can('patch')) item['patch'] = operation(ctx, stem, { action: 'patch', verb: 'patch', gvk, params: parameterSets.patch, response: self, codes: ['200', '201'], body: patchBody });
  if (can('delete')) item['delete'] = operation(ctx, stem, { action: 'delete', verb: 'delete', gvk, params: parameterSets.delete, response: status, codes: ['200', '202'], body: body(ctx, ['*/*'], ref(ctx, deleteOptionsDefinition), false) });
  if (Object.keys(item).length > 1) out[`${base}/{name}`] = item;

  const gvStem = operationStem(r.group, r.version);
  for (const s of r.subresources) Object.assign(out, subresourcePaths(ctx, { s, base, gvStem, rest: `${ns}${r.kind}`, itemScope, patchBody, ...(r.custom ? { gvk } : {}) }, catalog));
  return out;
}

interface SubresourceCtx {
  s: OpenApiSubresource;
  base: string;
  /** Operation-id parts: `CoreV1` and `NamespacedPod`. */
  gvStem: string;
  rest: string;
  itemScope: Json[];
  patchBody: Json;
  /** The operations' GVK when not the subresource's kind (a custom resource's subresources carry its own). */
  gvk?: { group: string; version: string; kind: string };
}

const stringResponse: Json = { type: 'string' };
const connectTypes = ['*/*'];
/** Discovery verb → HTTP method of a connect subresource (exec, attach, portforward, proxy). */
const connectMethods: readonly (readonly [verb: string, method: string])[] = [['delete', 'delete'], ['get', 'get'], ['patch', 'patch'], ['create', 'post'], ['update', 'put']];

/**
 * The path items of one subresource, shaped by its name as upstream serves it: status, scale and approval read
 * and write a whole object; binding, eviction and token are create-only; finalize is a put; log is a get of
 * text; exec, attach, portforward and proxy are `connect` operations. Other names have no paths.
 */
function subresourcePaths(ctx: Ctx, c: SubresourceCtx, catalog: SchemaCatalog): Record<string, Json> {
  const { s, base, itemScope } = c;
  const can = (verb: string): boolean => s.verbs.includes(verb);
  const gvk = c.gvk ?? { group: s.group, version: s.version, kind: s.kind };
  const title = (w: string): string => `${w.charAt(0).toUpperCase()}${w.slice(1)}`;
  const stem = `${c.gvStem}${c.rest}${title(s.name)}`;
  /** Upstream puts the HTTP method of a connect operation after the group-version: connectCoreV1GetNamespacedPodExec. */
  const connectId = (method: string, suffix = ''): string => `${c.gvStem}${title(method)}${c.rest}${title(s.name)}${suffix}`;
  const path = `${base}/{name}/${s.name}`;
  const sdef = catalog.definitionName(s.group, s.version, s.kind);
  const sref = ref(ctx, sdef);
  const item: Json = { parameters: itemScope };
  switch (s.name) {
    case 'status':
    case 'scale':
    case 'approval':
      if (sdef === undefined) return {};
      if (can('get')) item['get'] = operation(ctx, stem, { action: 'get', verb: 'read', gvk, params: [], response: sref, codes: ['200'] });
      if (can('update')) item['put'] = operation(ctx, stem, { action: 'put', verb: 'replace', gvk, params: parameterSets.write, response: sref, codes: ['200', '201'], body: body(ctx, ['*/*'], sref, true) });
      if (can('patch')) item['patch'] = operation(ctx, stem, { action: 'patch', verb: 'patch', gvk, params: parameterSets.patch, response: sref, codes: ['200', '201'], body: c.patchBody });
      break;
    case 'binding':
    case 'eviction':
    case 'token':
      if (sdef === undefined || !can('create')) return {};
      item['post'] = operation(ctx, stem, { action: 'post', verb: 'create', gvk, params: parameterSets.write, response: sref, codes: ['200', '201', '202'], body: body(ctx, ['*/*'], sref, true) });
      break;
    case 'finalize':
      if (sdef === undefined || !can('update')) return {};
      item['put'] = operation(ctx, stem, { action: 'put', verb: 'replace', gvk, params: parameterSets.write, response: sref, codes: ['200', '201'], body: body(ctx, ['*/*'], sref, true) });
      break;
    case 'log':
      if (can('get')) item['get'] = operation(ctx, stem, { action: 'get', verb: 'read', gvk, params: parameterSets.log, response: stringResponse, codes: ['200'], produces: ['text/plain', ...responseTypes] });
      break;
    case 'exec':
    case 'attach':
    case 'portforward':
      for (const [verb, method] of connectMethods) {
        if (can(verb)) item[method] = operation(ctx, connectId(method), { action: 'connect', verb: 'connect', gvk, params: parameterSets[s.name], response: stringResponse, codes: ['200'], produces: connectTypes });
      }
      break;
    case 'proxy': {
      const withPath: Json = { parameters: [...itemScope, ...parameters(['proxyPath'], ctx.dialect)] };
      for (const [verb, method] of connectMethods) {
        if (!can(verb)) continue;
        item[method] = operation(ctx, connectId(method), { action: 'connect', verb: 'connect', gvk, params: parameterSets.proxy, response: stringResponse, codes: ['200'], produces: connectTypes });
        withPath[method] = operation(ctx, connectId(method, 'WithPath'), { action: 'connect', verb: 'connect', gvk, params: parameterSets.proxy, response: stringResponse, codes: ['200'], produces: connectTypes });
      }
      if (Object.keys(withPath).length === 1) return {};
      return { [path]: item, [`${path}/{path}`]: withPath };
    }
    default:
      return {};
  }
  return Object.keys(item).length > 1 ? { [path]: item } : {};
}

/** Definition names the paths of `r` reference: its kind, list, subresource kinds, Status and DeleteOptions. */
export function referencedDefinitions(r: OpenApiResource, catalog: SchemaCatalog = registryCatalog): string[] {
  const definitionName = catalog.definitionName;
  const names = [definitionName(r.group, r.version, r.kind), definitionName(r.group, r.version, `${r.kind}List`)];
  for (const s of r.subresources) names.push(definitionName(s.group, s.version, s.kind));
  return [...names.filter((n): n is string => n !== undefined), statusDefinition, deleteOptionsDefinition];
}
