// The OpenAPI definitions of a CRD's custom resources, as apiextensions-apiserver's OpenAPI builder publishes them:
// per served version of an established CRD, `<reversed group>.<version>.<Kind>` and its list kind, made from the
// version's structural schema with apiVersion, kind and metadata added. The v2 form drops what swagger 2.0 and
// kubectl's v2 validation cannot take (junctors, nullable, defaults, the shape of preserve-unknown-fields nodes).
import type { CustomResourceDefinition, JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.js';
import { getDefinition, type SchemaObject } from '../../schema/index.js';
import { isEstablished } from './custom-resource-descriptors.js';

export type OpenApiDialect = 'v2' | 'v3';
type Json = Record<string, unknown>;

const objectMetaRef = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const listMetaRef = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** Upstream's definition name of a custom kind: the group's labels reversed, the version, the kind. */
export function customResourceDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** The schema keys a structural schema keeps when published (upstream's Structural.ToKubeOpenAPI); others are dropped. */
const publishedKeys = new Set([
  'description', 'type', 'title', 'default', 'nullable', 'format', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties',
  'required', 'items', 'properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'not',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);
const junctors = ['allOf', 'oneOf', 'anyOf', 'not'] as const;

const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const intOrString = (): Json[] => [{ type: 'integer' }, { type: 'string' }];
const isIntOrStringPair = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && isJson(v[0]) && isJson(v[1]) && v[0]['type'] === 'integer' && v[1]['type'] === 'string' && Object.keys(v[0]).length === 1 && Object.keys(v[1]).length === 1;

/** Empty and false values are left out, as Go's omitempty does when upstream marshals the schema. */
function isOmitted(key: string, v: unknown): boolean {
  if (v === undefined || v === false || v === '') return true;
  return (key === 'x-kubernetes-validations' || key === 'required' || key === 'enum' || key === 'x-kubernetes-list-map-keys') && Array.isArray(v) && v.length === 0;
}

/** A copy of a schema node with only the published keys, recursively; `x-kubernetes-int-or-string` unfolded as upstream. */
function published(s: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (!publishedKeys.has(k) || isOmitted(k, v)) continue;
    if (k === 'properties' && isJson(v)) out[k] = Object.fromEntries(Object.entries(v).filter(([, p]) => isJson(p)).map(([n, p]) => [n, published(p as Json)]));
    else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isJson(v)) out[k] = published(v);
    else if ((k === 'allOf' || k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) out[k] = v.filter(isJson).map(published);
    else out[k] = structuredClone(v);
  }
  // Unfold: an int-or-string node says so with anyOf [integer, string] (or, beside another anyOf, in allOf's first entry).
  if (out['x-kubernetes-int-or-string'] === true && !isIntOrStringPair(out['anyOf'])) {
    const allOf = Array.isArray(out['allOf']) ? out['allOf'] : [];
    if (!(isJson(allOf[0]) && isIntOrStringPair(allOf[0]['anyOf']))) {
      if (out['anyOf'] === undefined) out['anyOf'] = intOrString();
      else out['allOf'] = [{ anyOf: intOrString() }, ...allOf];
    }
  }
  return out;
}

/**
 * The v2 form of a published node (upstream's ToStructuralOpenAPIV2, then its defaults pruned): no junctors; a
 * nullable node loses its type and shape; a preserve-unknown-fields node loses its shape (and type object); an array
 * without items loses its type; required names of nullable properties are dropped.
 */
function toV2(s: Json): Json {
  const out: Json = { ...s };
  for (const j of junctors) delete out[j];
  delete out['default'];
  if (out['nullable'] === true) {
    for (const k of ['type', 'nullable', 'items', 'properties']) delete out[k];
  }
  const preserve = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserve) { delete out['items']; delete out['properties']; }
  if (out['items'] === undefined && out['type'] === 'array') delete out['type'];
  if (preserve && out['type'] === 'object') delete out['type'];
  if (Array.isArray(out['required'])) {
    // The children are still untransformed here: their nullable is the schema's.
    const props = isJson(out['properties']) ? out['properties'] : {};
    const nullableNames = new Set(Object.entries(props).filter(([, p]) => isJson(p) && p['nullable'] === true).map(([n]) => n));
    const additionalNullable = isJson(out['additionalProperties']) && out['additionalProperties']['nullable'] === true;
    const required = additionalNullable ? [] : (out['required'] as unknown[]).filter((n) => typeof n !== 'string' || !nullableNames.has(n));
    if (required.length) out['required'] = required;
    else delete out['required'];
  }
  if (isJson(out['properties'])) out['properties'] = Object.fromEntries(Object.entries(out['properties']).map(([n, p]) => [n, isJson(p) ? toV2(p) : p]));
  if (isJson(out['items'])) out['items'] = toV2(out['items']);
  if (isJson(out['additionalProperties'])) out['additionalProperties'] = toV2(out['additionalProperties']);
  return out;
}

/** TypeMeta's and the metadata fields' descriptions, as upstream takes them from its generated definitions. */
function typeMetaProperties(): Json {
  const pod = getDefinition('io.k8s.api.core.v1.Pod')?.properties;
  return {
    apiVersion: { type: 'string', ...(pod?.['apiVersion']?.description ? { description: pod['apiVersion'].description } : {}) },
    kind: { type: 'string', ...(pod?.['kind']?.description ? { description: pod['kind'].description } : {}) },
  };
}
const metadataDescription = (listKind: boolean): string | undefined =>
  getDefinition(listKind ? 'io.k8s.api.core.v1.PodList' : 'io.k8s.api.core.v1.Pod')?.properties?.['metadata']?.description;
function metadataProperty(list: boolean): Json {
  const description = metadataDescription(list);
  return { ...(description ? { description } : {}), $ref: list ? listMetaRef : objectMetaRef };
}

/** x-kubernetes-embedded-resource nodes get apiVersion, kind and metadata, and require apiVersion and kind (not in v2 under preserve-unknown-fields). */
function addEmbeddedProperties(s: Json, dialect: OpenApiDialect): void {
  if (isJson(s['properties'])) for (const p of Object.values(s['properties'])) if (isJson(p)) addEmbeddedProperties(p, dialect);
  if (isJson(s['items'])) addEmbeddedProperties(s['items'], dialect);
  if (isJson(s['additionalProperties'])) addEmbeddedProperties(s['additionalProperties'], dialect);
  // In v2 such fields would make kubectl refuse the unknown fields the node preserves.
  if (dialect === 'v2' && s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (s['x-kubernetes-embedded-resource'] !== true) return;
  s['properties'] = { ...(isJson(s['properties']) ? s['properties'] : {}), ...typeMetaProperties(), metadata: metadataProperty(false) };
  const required = Array.isArray(s['required']) ? (s['required'] as unknown[]) : [];
  s['required'] = [...required, ...['kind', 'apiVersion'].filter((k) => !required.includes(k))];
}

/**
 * The definition of a custom kind for one version: the version's schema published with TypeMeta and ObjectMeta, or a
 * bare object when there is no schema (or, in v2, when the root preserves unknown fields: kubectl would refuse them).
 */
export function customKindSchema(schema: JSONSchemaProps | undefined, gvk: { group: string; version: string; kind: string }, dialect: OpenApiDialect): Json {
  const root = schema as unknown as Json | undefined;
  const gvkExtension = { 'x-kubernetes-group-version-kind': [{ group: gvk.group, version: gvk.version, kind: gvk.kind }] };
  if (!isJson(root) || (dialect === 'v2' && root['x-kubernetes-preserve-unknown-fields'] === true)) return { type: 'object', ...gvkExtension };
  let out = published(root);
  if (dialect === 'v2') out = toV2(out);
  out['properties'] = { ...(isJson(out['properties']) ? out['properties'] : {}), metadata: metadataProperty(false), ...typeMetaProperties() };
  addEmbeddedProperties(out, dialect);
  return { ...out, ...gvkExtension };
}

/** The list kind's definition: items of the kind, ListMeta, TypeMeta. */
function listSchema(names: { plural: string; kind: string; listKind: string }, gvk: { group: string; version: string }): Json {
  return {
    type: 'object',
    description: `${names.listKind} is a list of ${names.kind}`,
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        description: `List of ${names.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        items: { $ref: `#/definitions/${customResourceDefinitionName(gvk.group, gvk.version, names.kind)}` },
      },
      metadata: metadataProperty(true),
      ...typeMetaProperties(),
    },
    'x-kubernetes-group-version-kind': [{ group: gvk.group, version: gvk.version, kind: names.listKind }],
  };
}

/**
 * The definitions of the CRD's served versions by upstream name (the kind and its list kind per version), in the
 * form `dialect` publishes; none unless the CRD is established. Refs are written `#/definitions/<name>`.
 */
export function customResourceOpenApiDefinitions(crd: CustomResourceDefinition, dialect: OpenApiDialect): Record<string, SchemaObject> {
  if (!isEstablished(crd)) return {};
  const group = crd.spec.group;
  const accepted = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec.names;
  const names = { plural: accepted.plural, kind: accepted.kind, listKind: accepted.listKind || `${accepted.kind}List` };
  const out: Record<string, SchemaObject> = {};
  for (const v of crd.spec.versions.filter((x) => x.served)) {
    const gvk = { group, version: v.name, kind: names.kind };
    out[customResourceDefinitionName(group, v.name, names.kind)] = customKindSchema(v.schema?.openAPIV3Schema, gvk, dialect) as SchemaObject;
    out[customResourceDefinitionName(group, v.name, names.listKind)] = listSchema(names, gvk) as SchemaObject;
  }
  return out;
}
