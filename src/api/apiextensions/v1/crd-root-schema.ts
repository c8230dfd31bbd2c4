// The rules on a CRD schema's root that concern the resource as a whole (upstream: the status-subresource root
// restrictions and nullable check of validateCustomResourceDefinitionValidation, plus the root-level type,
// kind/apiVersion and metadata invariants of the structural validator). Everything below the root belongs to
// the structural-schema engine, injected by the caller as `schemaErrors`.
import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.js';
import { forbidden, invalid, required, type FieldError, type FieldPath } from '../../meta/index.js';

/** Validates one schema below its path (the schema engine's checks). Returns every error; never throws. */
export type SchemaErrorsFn = (schema: JSONSchemaProps, path: FieldPath) => FieldError[];

/** JSONSchemaProps fields in upstream's struct order, with the Go name used in messages. */
const schemaFields: ReadonlyArray<readonly [string, string]> = [
  ['id', 'ID'], ['$schema', 'Schema'], ['$ref', 'Ref'], ['description', 'Description'], ['type', 'Type'], ['nullable', 'Nullable'],
  ['format', 'Format'], ['title', 'Title'], ['default', 'Default'], ['maximum', 'Maximum'], ['exclusiveMaximum', 'ExclusiveMaximum'],
  ['minimum', 'Minimum'], ['exclusiveMinimum', 'ExclusiveMinimum'], ['maxLength', 'MaxLength'], ['minLength', 'MinLength'],
  ['pattern', 'Pattern'], ['maxItems', 'MaxItems'], ['minItems', 'MinItems'], ['uniqueItems', 'UniqueItems'], ['multipleOf', 'MultipleOf'],
  ['enum', 'Enum'], ['maxProperties', 'MaxProperties'], ['minProperties', 'MinProperties'], ['required', 'Required'], ['items', 'Items'],
  ['allOf', 'AllOf'], ['oneOf', 'OneOf'], ['anyOf', 'AnyOf'], ['not', 'Not'], ['properties', 'Properties'],
  ['additionalProperties', 'AdditionalProperties'], ['patternProperties', 'PatternProperties'], ['dependencies', 'Dependencies'],
  ['additionalItems', 'AdditionalItems'], ['definitions', 'Definitions'], ['externalDocs', 'ExternalDocs'], ['example', 'Example'],
  ['x-kubernetes-preserve-unknown-fields', 'XPreserveUnknownFields'], ['x-kubernetes-embedded-resource', 'XEmbeddedResource'],
  ['x-kubernetes-int-or-string', 'XIntOrString'], ['x-kubernetes-list-map-keys', 'XListMapKeys'], ['x-kubernetes-list-type', 'XListType'],
  ['x-kubernetes-map-type', 'XMapType'], ['x-kubernetes-validations', 'XValidations'],
];
const allowedAtStatusRoot = [
  'Description', 'Type', 'Format', 'Title', 'Maximum', 'ExclusiveMaximum', 'Minimum', 'ExclusiveMinimum', 'MaxLength', 'MinLength', 'Pattern',
  'MaxItems', 'MinItems', 'UniqueItems', 'MultipleOf', 'Required', 'Items', 'Properties', 'ExternalDocs', 'Example', 'XPreserveUnknownFields',
  'XValidations',
];

/** Go's zero value test on a decoded field: absent, false, 0, "" or an empty list/map are all "not set". */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

type Props = Record<string, JSONSchemaProps>;
const propsOf = (s: JSONSchemaProps): Props => (s.properties && typeof s.properties === 'object' ? s.properties : {});

function statusRootErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  const rec = schema as Record<string, unknown>;
  for (const [json, go] of schemaFields) {
    if (isZero(rec[json])) continue;
    if (go === 'Type') {
      if (schema.type !== 'object') return [invalid(path.child('openAPIV3Schema.type'), schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
      continue;
    }
    if (!allowedAtStatusRoot.includes(go)) {
      return [invalid(path.child('openAPIV3Schema'), schema, `only [${allowedAtStatusRoot.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`)];
    }
  }
  return [];
}

/** upstream validateStructuralMetadataInvariants at the root: metadata may only restrict name and generateName. */
function metadataErrors(metadata: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (metadata.type !== 'object') errs.push(invalid(path.child('type'), metadata.type ?? '', 'must be object'));
  const rest: Record<string, unknown> = { ...metadata };
  const keys = Object.keys(propsOf(metadata));
  const onlyNames = keys.length > 0 && keys.every((k) => k === 'name' || k === 'generateName');
  if (onlyNames) delete rest['properties'];
  for (const k of ['type', 'default']) delete rest[k];
  if (Object.values(rest).some((v) => !isZero(v))) {
    errs.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errs;
}

/** The root-level type, kind/apiVersion and metadata rules (upstream's structural validator at the root level). */
export function rootInvariantErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ext = schema as Record<string, unknown>;
  const embedded = ext['x-kubernetes-embedded-resource'] === true;
  if (embedded && schema.type !== 'object') {
    if (!schema.type) errs.push(required(path.child('type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(invalid(path.child('type'), schema.type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!schema.type && ext['x-kubernetes-int-or-string'] !== true && ext['x-kubernetes-preserve-unknown-fields'] !== true) {
    errs.push(required(path.child('type'), 'must not be empty at the root'));
  }
  if (schema.type && schema.type !== 'object') errs.push(invalid(path.child('type'), schema.type, 'must be object at the root'));
  const props = propsOf(schema);
  for (const k of ['kind', 'apiVersion']) {
    const p = props[k];
    if (p && p.type !== 'string') errs.push(invalid(path.child('properties').key(k).child('type'), p.type ?? '', 'must be string'));
  }
  const metadata = props['metadata'];
  if (metadata) errs.push(...metadataErrors(metadata, path.child('properties').key('metadata')));
  return errs;
}

export interface SchemaValidationOptions {
  statusEnabled: boolean;
  schemaErrors?: SchemaErrorsFn | undefined;
}

/**
 * upstream validateCustomResourceDefinitionValidation for one `schema` field (path ends in `.schema` or is
 * `spec.validation`): root restrictions, then the root invariants and the injected schema engine's errors.
 * Errors the engine repeats (same field, type and detail) are reported once.
 */
export function validateCustomResourceValidation(schema: JSONSchemaProps | undefined, path: FieldPath, o: SchemaValidationOptions): FieldError[] {
  if (!schema || typeof schema !== 'object') return [];
  const errs: FieldError[] = [];
  if (o.statusEnabled) errs.push(...statusRootErrors(schema, path));
  if (schema.nullable === true) errs.push(forbidden(path.child('openAPIV3Schema.nullable'), 'nullable cannot be true at the root'));
  const schemaPath = path.child('openAPIV3Schema');
  const seen = new Set<string>();
  for (const e of [...rootInvariantErrors(schema, schemaPath), ...(o.schemaErrors?.(schema, schemaPath) ?? [])]) {
    const key = `${e.type}\u0000${e.field}\u0000${e.detail ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errs.push(e);
  }
  return errs;
}
