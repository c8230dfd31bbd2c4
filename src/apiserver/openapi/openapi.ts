// OpenAPI v2 and v3 documents for the served resources, built from api/schema. Memoized: documents
// depend only on the (static) registry.
import { createHash } from 'node:crypto';
import { definitionName, definitions, reachableDefinitions, type SchemaObject } from '../../api/schema/index.js';

export interface OpenApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
  subresources: { name: string; kind: string; group: string; version: string }[];
}

const gvPath = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

function rewriteRefs(s: unknown, prefix: string): unknown {
  if (Array.isArray(s)) return s.map((x) => rewriteRefs(x, prefix));
  if (s === null || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = k === '$ref' && typeof v === 'string' ? prefix + v.slice(v.lastIndexOf('/') + 1) : rewriteRefs(v, prefix);
  }
  // OpenAPI v3 ignores siblings of $ref: wrap in allOf to keep descriptions (as upstream does).
  if (prefix.startsWith('#/components') && typeof out['$ref'] === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  return out;
}

function param(name: string, where: 'query' | 'path', v3: boolean, description = ''): Record<string, unknown> {
  return v3
    ? { name, in: where, description, ...(where === 'path' ? { required: true } : {}), schema: { type: 'string', uniqueItems: true } }
    : { name, in: where, description, type: 'string', uniqueItems: true, ...(where === 'path' ? { required: true } : {}) };
}

const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function operations(r: OpenApiResource, v3: boolean, refPrefix: string): Record<string, unknown> {
  const def = definitionName(r.group, r.version, r.kind);
  const ref = def ? { $ref: refPrefix + def } : { type: 'object' };
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const nsParam = r.namespaced ? [param('namespace', 'path', v3, 'object name and auth scope, such as for teams and projects')] : [];
  const writeParams = [param('dryRun', 'query', v3), param('fieldManager', 'query', v3), param('fieldValidation', 'query', v3)];
  const body = (types: string[]): Record<string, unknown> => (v3 ? { requestBody: { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: types === patchTypes ? { type: 'object' } : ref }])) } } : { parameters: [{ name: 'body', in: 'body', required: true, schema: ref }] });
  const resp = (code: string): Record<string, unknown> => ({ responses: { [code]: v3 ? { description: 'OK', content: { 'application/json': { schema: ref } } } : { description: 'OK', schema: ref } } });
  const op = (action: string, extra: Record<string, unknown>): Record<string, unknown> => ({ operationId: `${action}${r.kind}`, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra });
  const paths: Record<string, unknown> = {};
  const merge = (o: Record<string, unknown>, extraParams: unknown[]): Record<string, unknown> => {
    const params = [...((o['parameters'] as unknown[] | undefined) ?? []), ...extraParams];
    return { ...o, parameters: params };
  };
  paths[base] = {
    parameters: nsParam,
    get: op('list', { ...resp('200'), parameters: [param('labelSelector', 'query', v3), param('fieldSelector', 'query', v3), param('limit', 'query', v3), param('continue', 'query', v3), param('watch', 'query', v3)] }),
    post: merge(op('post', { ...body(['application/json', 'application/yaml']), ...resp('201') }), writeParams),
    delete: op('deletecollection', { ...resp('200') }),
  };
  const item = {
    parameters: [...nsParam, param('name', 'path', v3, `name of the ${r.kind}`)],
    get: op('get', resp('200')),
    put: merge(op('put', { ...body(['application/json', 'application/yaml']), ...resp('200') }), writeParams),
    patch: merge(op('patch', { ...body(patchTypes), ...resp('200') }), [...writeParams, param('force', 'query', v3)]),
    delete: op('delete', resp('200')),
  };
  if (!v3) (item.patch as Record<string, unknown>)['consumes'] = patchTypes;
  paths[`${base}/{name}`] = item;
  for (const s of r.subresources) {
    const sdef = definitionName(s.group, s.version, s.kind);
    const sref = sdef ? { $ref: refPrefix + sdef } : ref;
    const sgvk = { group: s.group, version: s.version, kind: s.kind };
    const sresp = { responses: { '200': v3 ? { description: 'OK', content: { 'application/json': { schema: sref } } } : { description: 'OK', schema: sref } } };
    paths[`${base}/{name}/${s.name}`] = {
      parameters: item.parameters,
      get: { 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': sgvk, ...sresp },
      put: { 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': sgvk, parameters: writeParams, ...sresp },
      patch: { 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': sgvk, parameters: [...writeParams, param('force', 'query', v3)], ...(v3 ? { requestBody: { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: { type: 'object' } }])) } } : {}), ...sresp },
    };
  }
  return paths;
}

function schemasFor(rs: readonly OpenApiResource[], prefix: string): Record<string, unknown> {
  const roots: string[] = ['io.k8s.api.v1.Status', 'io.k8s.api.v1.DeleteOptions'];
  for (const r of rs) {
    const d = definitionName(r.group, r.version, r.kind);
    if (d) roots.push(d);
    for (const s of r.subresources) { const sd = definitionName(s.group, s.version, s.kind); if (sd) roots.push(sd); }
  }
  const out: Record<string, unknown> = {};
  for (const n of [...reachableDefinitions(roots)].sort()) {
    const d = definitions[n];
    if (d) out[n] = rewriteRefs(d as SchemaObject, prefix);
  }
  return out;
}

const v3Docs = new Map<string, { doc: unknown; hash: string }>();

function v3Doc(group: string, version: string, rs: readonly OpenApiResource[]): { doc: unknown; hash: string } {
  const key = `${group}/${version}`;
  let e = v3Docs.get(key);
  if (!e) {
    const paths: Record<string, unknown> = {};
    for (const r of rs.filter((x) => x.group === group && x.version === version)) Object.assign(paths, operations(r, true, '#/components/schemas/'));
    const doc = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: schemasFor(rs.filter((x) => x.group === group && x.version === version), '#/components/schemas/') } };
    e = { doc, hash: createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase() };
    v3Docs.set(key, e);
  }
  return e;
}

export function buildOpenApiV3GroupVersion(group: string, version: string, rs: readonly OpenApiResource[]): unknown {
  return v3Doc(group, version, rs).doc;
}

export function buildOpenApiV3Root(rs: readonly OpenApiResource[]): unknown {
  const paths: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const r of rs) {
    const key = `${r.group}/${r.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    paths[gvPath(r.group, r.version)] = { serverRelativeURL: `/openapi/v3/${gvPath(r.group, r.version)}?hash=${v3Doc(r.group, r.version, rs).hash}` };
  }
  return { paths };
}

let v2: unknown;
export function buildOpenApiV2(rs: readonly OpenApiResource[]): unknown {
  if (!v2) {
    const paths: Record<string, unknown> = {};
    for (const r of rs) Object.assign(paths, operations(r, false, '#/definitions/'));
    v2 = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, definitions: schemasFor(rs, '#/definitions/') };
  }
  return v2;
}
