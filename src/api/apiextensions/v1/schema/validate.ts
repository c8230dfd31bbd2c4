// Validation of a custom resource against its version's openAPIV3Schema, with kube-openapi's checks and
// messages (`spec.replicas in body must be of type integer: "string"`), then upstream's embedded-resource and
// list-type checks. Pure: the registry turns the returned FieldErrors into a 422.
import {
  FieldPath, invalid, notSupported, required, tooLong, tooMany, typeInvalid, type FieldError,
} from '../../../meta/field-path.js';
import { semanticEqual } from '../../../meta/equality.js';
import { validateEmbeddedResources } from './embedded.js';
import { formatChecker } from '../../../meta/string-formats.js';
import { validateListTypes } from './list-type.js';
import { compileRe2 } from '../../../../util/re2.js';
import { additionalSchema, isObject, itemsSchema, type JSONSchemaProps } from './types.js';

export interface ValidateOptions {
  /** Prefix of every field path (e.g. a schema's `default`); messages stay relative to the value. Default: the root. */
  path?: string;
  /**
   * The stored object on updates: validation ratchets (CRDValidationRatcheting, on by default since 1.30): a value
   * equal to its correlated old value (same property, same map key, same map-list key, equal set item) is not
   * validated again, so a schema made stricter does not block updates that leave old values alone.
   */
  old?: unknown;
}

/** No correlated old value (creates, atomic-list items, new keys). */
const none: unique symbol = Symbol('no old value');
type Old = unknown;

/**
 * Validates obj (a decoded custom resource, already pruned and defaulted) against schema. Returns every error;
 * never throws and never mutates obj. The root metadata is left to the registry's ObjectMeta validation.
 */
export function validateCustomResource(schema: JSONSchemaProps, obj: unknown, opts: ValidateOptions = {}): FieldError[] {
  const prefix = opts.path ?? '';
  const errs: FieldError[] = [];
  validateValue(schema, obj, '', errs, opts.old === undefined ? none : opts.old);
  // Like upstream, messages name the field relative to the validated value and the path carries the prefix.
  const located = prefix === '' ? errs : errs.map((e) => ({ ...e, field: joinPath(prefix, e.field) }));
  const path = new FieldPath(prefix);
  located.push(...validateEmbeddedResources(schema, obj, path), ...validateListTypes(schema, obj, path));
  return located;
}

const joinPath = (prefix: string, field: string): string => (field === '' ? prefix : field.startsWith('[') ? prefix + field : `${prefix}.${field}`);

const inBody = (name: string): string => `${name} in body`;
const child = (name: string, k: string): string => (name === '' ? k : `${name}.${k}`);

/** The JSON type kube-openapi infers for a decoded value. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validateValue(s: JSONSchemaProps, v: unknown, name: string, errs: FieldError[], old: Old = none): void {
  if (old !== none && semanticEqual(v, old)) return;
  const types = s['x-kubernetes-int-or-string'] === true ? ['integer', 'string'] : s.type ? [s.type] : [];
  if (v === null || v === undefined) {
    if (types.length > 0 && s.nullable !== true) errs.push(typeInvalid(name, 'null', `${inBody(name)} must be of type ${types.join(',')}: "null"`));
    return;
  }
  const t = jsonType(v);
  if (types.length > 0 && !types.includes(t) && !(t === 'integer' && types.includes('number'))) {
    errs.push(typeInvalid(name, t, `${inBody(name)} must be of type ${types.join(',')}: "${t}"`));
  }
  validateJunctors(s, v, name, errs, old);
  if (typeof v === 'string') validateString(s, v, name, errs);
  else if (typeof v === 'number') validateNumber(s, v, name, errs);
  else if (Array.isArray(v)) validateArray(s, v, name, errs, old);
  if (s.enum !== undefined && !s.enum.some((e) => semanticEqual(e, v))) {
    errs.push(notSupported(name, v, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (isObject(v)) validateObject(s, v, name, errs, old);
}

function validateString(s: JSONSchemaProps, v: string, name: string, errs: FieldError[]): void {
  if (s.format !== undefined) {
    const check = formatChecker(s.format);
    if (check !== undefined && !check(v)) errs.push(typeInvalid(name, v, `${inBody(name)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
  // kube-openapi counts runes, not bytes or UTF-16 units.
  const length = s.maxLength !== undefined || s.minLength !== undefined ? [...v].length : 0;
  if (s.maxLength !== undefined && length > s.maxLength) errs.push(tooLong(name, v, s.maxLength));
  if (s.minLength !== undefined && length < s.minLength) errs.push(invalid(name, v, `${inBody(name)} should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined) {
    const compiled = compileRe2(s.pattern);
    // An invalid pattern never reaches a stored CRD (structuralSchemaErrors refuses it).
    if (compiled.ok && !compiled.regex.test(v)) errs.push(invalid(name, v, `${inBody(name)} should match '${s.pattern}'`));
  }
}

function validateNumber(s: JSONSchemaProps, v: number, name: string, errs: FieldError[]): void {
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
    errs.push(invalid(name, v, `${inBody(name)} should be a multiple of ${s.multipleOf}`));
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum)) {
    errs.push(invalid(name, v, `${inBody(name)} should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${s.maximum}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum)) {
    errs.push(invalid(name, v, `${inBody(name)} should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${s.minimum}`));
  }
}

function validateArray(s: JSONSchemaProps, v: readonly unknown[], name: string, errs: FieldError[], old: Old): void {
  const items = itemsSchema(s);
  if (items !== undefined) v.forEach((x, i) => validateValue(items, x, `${name}[${i}]`, errs, correlatedItem(s, x, old)));
  if (s.minItems !== undefined && v.length < s.minItems) errs.push(invalid(name, v.length, `${inBody(name)} should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(tooMany(name, v.length, s.maxItems));
  if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) {
    errs.push(invalid(name, '', `${inBody(name)} shouldn't contain duplicates`));
  }
}

/** The old item a list item correlates with: by key in a map-type list, by equality in a set; none otherwise. */
function correlatedItem(s: JSONSchemaProps, item: unknown, old: Old): Old {
  if (!Array.isArray(old)) return none;
  if (s['x-kubernetes-list-type'] === 'set') return old.some((o: unknown) => semanticEqual(o, item)) ? item : none;
  if (s['x-kubernetes-list-type'] !== 'map' || !isObject(item)) return none;
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const found: unknown = old.find((o: unknown) => isObject(o) && keys.every((k) => semanticEqual(o[k], item[k])));
  return found === undefined ? none : found;
}

function validateObject(s: JSONSchemaProps, v: Record<string, unknown>, name: string, errs: FieldError[], old: Old): void {
  const n = Object.keys(v).length;
  // kube-openapi stops at a property-count failure and checks nothing else of the object.
  if (s.minProperties !== undefined && n < s.minProperties) {
    errs.push(invalid(name, n, `${inBody(name)} should have at least ${s.minProperties} properties`));
    return;
  }
  if (s.maxProperties !== undefined && n > s.maxProperties) {
    errs.push(tooMany(name, n, s.maxProperties));
    return;
  }
  const props = s.properties ?? {};
  const additional = additionalSchema(s);
  const oldObj = old !== none && isObject(old) ? old : undefined;
  const oldOf = (k: string): Old => (oldObj !== undefined && k in oldObj ? oldObj[k] : none);
  for (const [k, x] of Object.entries(v)) {
    const prop = props[k];
    if (prop !== undefined) validateValue(prop, x, child(name, k), errs, oldOf(k));
    else if (additional !== undefined) validateValue(additional, x, child(name, k), errs, oldOf(k));
    else if (s.additionalProperties === false) errs.push(invalid(name, k, `${inBody(child(name, k))} is a forbidden property`));
  }
  for (const k of s.required ?? []) if (!(k in v)) errs.push(required(child(name, k)));
}

/** allOf, anyOf, oneOf and not: value validation only (structural schemas keep types out of them). */
function validateJunctors(s: JSONSchemaProps, v: unknown, name: string, errs: FieldError[], old: Old): void {
  const run = (sub: JSONSchemaProps): FieldError[] => {
    const out: FieldError[] = [];
    validateValue(sub, v, name, out, old);
    return out;
  };
  const fewest = (results: FieldError[][]): FieldError[] => results.reduce((a, b) => (b.length < a.length ? b : a));
  const composite = (msg: string): FieldError => invalid(name, '', `"${name}" ${msg}`);
  if (s.anyOf?.length) {
    const results = s.anyOf.map(run);
    if (!results.some((r) => r.length === 0)) errs.push(composite('must validate at least one schema (anyOf)'), ...fewest(results));
  }
  if (s.oneOf?.length) {
    const results = s.oneOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid === 0) errs.push(composite('must validate one and only one schema (oneOf). Found none valid'), ...fewest(results));
    else if (valid > 1) errs.push(composite(`must validate one and only one schema (oneOf). Found ${valid} valid alternatives`));
  }
  if (s.allOf?.length) {
    const results = s.allOf.map(run);
    const valid = results.filter((r) => r.length === 0).length;
    for (const r of results) errs.push(...r);
    if (valid !== results.length) errs.push(composite(`must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
  }
  if (s.not !== undefined && run(s.not).length === 0) errs.push(composite('must not validate the schema (not)'));
}
