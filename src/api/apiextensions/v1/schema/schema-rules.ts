// The per-node rules a CRD's openAPIV3Schema must follow in apiextensions.k8s.io/v1 (upstream's
// ValidateCustomResourceDefinitionOpenAPISchema): unsupported keywords, extension combinations, list and map
// types, and where defaults may appear. Structurality itself is checked in structural.ts.
import { forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../../../meta/field-path.js';
import { additionalSchema, itemsSchema, type JSONSchemaProps } from './types.js';

const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = new Set(['metadata', 'kind', 'apiVersion']);

interface Context {
  isRoot: boolean;
  insideResourceMeta: boolean;
  /** Set when defaults are forbidden here, with the reason appended to "must not be set". */
  noDefaults?: string;
}

/** Every rule violation in schema and below. */
export function schemaRuleErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (schema.nullable === true) errs.push(forbidden(path.child('nullable'), 'nullable cannot be true at the root'));
  visit(schema, path, { isRoot: true, insideResourceMeta: false }, errs);
  return errs;
}

function visit(s: JSONSchemaProps | undefined, path: FieldPath, ctx: Context, errs: FieldError[]): void {
  if (s === undefined) return;
  errs.push(...keywordErrors(s, path, ctx));
  const nested: Context = { isRoot: false, insideResourceMeta: ctx.insideResourceMeta, ...(ctx.noDefaults !== undefined ? { noDefaults: ctx.noDefaults } : {}) };
  if (s.additionalProperties !== undefined) {
    if (Object.keys(s.properties ?? {}).length > 0 && s.additionalProperties !== true) {
      errs.push(forbidden(path.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    const sub = ctx.insideResourceMeta ? { ...nested, noDefaults: 'inside additionalProperties applying to object metadata' } : nested;
    visit(additionalSchema(s), path.child('additionalProperties'), sub, errs);
  }
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    let sub = nested;
    if ((ctx.isRoot || s['x-kubernetes-embedded-resource'] === true) && metaFields.has(k)) {
      sub = { ...sub, insideResourceMeta: true, ...(ctx.isRoot ? { noDefaults: `in top-level ${k}` } : {}) };
    }
    visit(prop, path.child('properties').key(k), sub, errs);
  }
  visit(s.not, path.child('not'), nested, errs);
  for (const j of ['allOf', 'oneOf', 'anyOf'] as const) s[j]?.forEach((sub, i) => visit(sub, path.child(j).index(i), nested, errs));
  for (const [k, def] of Object.entries(s.definitions ?? {})) visit(def, path.child('definitions').key(k), nested, errs);
  if (Array.isArray(s.items)) s.items.forEach((sub, i) => visit(sub, path.child('items').index(i), nested, errs));
  else visit(s.items, path.child('items'), nested, errs);
  errs.push(...extensionErrors(s, path), ...listMapKeyErrors(s, path));
}

function keywordErrors(s: JSONSchemaProps, path: FieldPath, ctx: Context): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type && !openapiV3Types.includes(s.type)) errs.push(notSupported(path.child('type'), s.type, openapiV3Types));
  if (s.default !== undefined && ctx.noDefaults !== undefined) errs.push(forbidden(path.child('default'), `must not be set ${ctx.noDefaults}`));
  if (s.id) errs.push(forbidden(path.child('id'), 'id is not supported'));
  if (s.additionalItems !== undefined) errs.push(forbidden(path.child('additionalItems'), 'additionalItems is not supported'));
  if (Object.keys(s.patternProperties ?? {}).length) errs.push(forbidden(path.child('patternProperties'), 'patternProperties is not supported'));
  if (Object.keys(s.definitions ?? {}).length) errs.push(forbidden(path.child('definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbidden(path.child('dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(path.child('$ref'), '$ref is not supported'));
  if (s.type === 'null') errs.push(forbidden(path.child('type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length) errs.push(forbidden(path.child('items'), 'items must be a schema object and not an array'));
  if (ctx.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true) {
    errs.push(forbidden(path.child('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
  if (s.uniqueItems === true) errs.push(forbidden(path.child('uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  return errs;
}

/** Type a list-type/map-type needs: Required when type is empty, Invalid when it is another type. */
function typeFor(s: JSONSchemaProps, path: FieldPath, want: string, ext: string): FieldError[] {
  if (s.type === want) return [];
  const msg = `must be ${want} if ${ext} is specified`;
  return [s.type ? invalid(path.child('type'), s.type, msg) : required(path.child('type'), msg)];
}

function extensionErrors(s: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(invalid(path.child('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    errs.push(...typeFor(s, path, 'object', 'x-kubernetes-map-type'));
    if (mapType !== 'atomic' && mapType !== 'granular') errs.push(notSupported(path.child('x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined) {
    errs.push(...typeFor(s, path, 'array', 'x-kubernetes-list-type'));
    if (!['atomic', 'set', 'map'].includes(listType)) errs.push(notSupported(path.child('x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
    const items = itemsSchema(s);
    if ((listType === 'set' || listType === 'map') && items?.nullable === true) {
      errs.push(forbidden(path.child('items', 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    }
    if (listType === 'set' && items?.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
      errs.push(invalid(path.child('items', 'x-kubernetes-list-type'), items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
    if (listType === 'set' && items?.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(invalid(path.child('items', 'x-kubernetes-map-type'), items['x-kubernetes-list-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  return errs;
}

function listMapKeyErrors(s: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const listType = s['x-kubernetes-list-type'];
  if (keys.length > 0 && listType === undefined) errs.push(required(path.child('x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
  else if (keys.length > 0 && listType !== 'map') errs.push(invalid(path.child('x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (listType !== 'map') return errs;
  if (keys.length === 0) errs.push(required(path.child('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
  if (s.items === undefined) errs.push(required(path.child('items'), 'must have a schema if x-kubernetes-list-type is map'));
  else if (Array.isArray(s.items)) errs.push(invalid(path.child('items'), s.items, 'must only have a single schema if x-kubernetes-list-type is map'));
  const items = itemsSchema(s);
  if (items === undefined) return errs;
  if (items.type !== 'object') {
    errs.push(invalid(path.child('items', 'type'), items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    return errs;
  }
  const seen = new Set<string>();
  const requiredKeys = new Set(items.required ?? []);
  for (const k of keys) {
    const prop = items.properties?.[k];
    const propPath = path.child('items', 'properties').key(k);
    if (prop === undefined) errs.push(invalid(path.child('x-kubernetes-list-map-keys'), keys, 'entries must all be names of item properties'));
    else {
      if (prop.type === 'array' || prop.type === 'object') errs.push(invalid(propPath.child('type'), items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
      if (!requiredKeys.has(k) && prop.default === undefined) {
        errs.push(required(propPath.child('default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      }
      if (prop.nullable === true) errs.push(forbidden(propPath.child('nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
    }
    if (seen.has(k)) errs.push(invalid(path.child('x-kubernetes-list-map-keys'), keys, 'must not contain duplicate entries'));
    seen.add(k);
  }
  return errs;
}
