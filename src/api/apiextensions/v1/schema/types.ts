// The apiextensions.k8s.io/v1 JSONSchemaProps as the schema engine reads it: kubernetes-types' fields plus the
// x-kubernetes-* vendor extensions it leaves out. Pure types and tiny accessors; no validation here.
import type { JSONSchemaProps as BaseSchemaProps } from 'kubernetes-types/apiextensions/v1.js';

/** One `x-kubernetes-validations` rule (CEL), compiled and evaluated by cel-validation.ts. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** An openAPIV3Schema node. Recursive fields are re-typed so nested nodes carry the extensions too. */
export interface JSONSchemaProps extends Omit<BaseSchemaProps, 'properties' | 'items' | 'additionalProperties' | 'allOf' | 'anyOf' | 'oneOf' | 'not' | 'definitions' | 'patternProperties' | 'additionalItems' | 'dependencies'> {
  properties?: { [name: string]: JSONSchemaProps };
  /** A schema, or (forbidden in v1 structural schemas) an array of schemas. */
  items?: JSONSchemaProps | JSONSchemaProps[];
  additionalProperties?: JSONSchemaProps | boolean;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  definitions?: { [name: string]: JSONSchemaProps };
  patternProperties?: { [name: string]: JSONSchemaProps };
  additionalItems?: JSONSchemaProps | boolean;
  dependencies?: { [name: string]: JSONSchemaProps | string[] };
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The single items schema (structural schemas never use the array form). */
export function itemsSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items === undefined || Array.isArray(s.items) ? undefined : s.items;
}

/** The additionalProperties schema, if it is a schema (not a boolean). */
export function additionalSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/** A deep copy of a JSON value (defaults are copied before they are written into an object). */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
