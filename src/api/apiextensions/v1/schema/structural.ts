// The checks a CRD's own validation runs on spec.versions[*].schema.openAPIV3Schema: the schema must be
// structural (upstream ValidateStructural, errors sorted as upstream sorts them), its defaults must be pruned
// and valid, and the per-node rules of schema-rules.ts must hold.
import { errorString, forbidden, invalid, required, type FieldError, type FieldPath } from '../../../meta/field-path.js';
import { compileRe2 } from '../../../../util/re2.js';
import { pruneValue } from './prune.js';
import { schemaRuleErrors } from './schema-rules.js';
import { additionalSchema, cloneJson, itemsSchema, type JSONSchemaProps } from './types.js';
import { validateCustomResource } from './validate.js';

type Level = 'root' | 'item' | 'field';

/** All errors of an openAPIV3Schema at path (e.g. `spec.versions[0].schema.openAPIV3Schema`). Never throws. */
export function structuralSchemaErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  const structural: FieldError[] = [];
  invariants(schema, 'root', path, structural);
  completeness(schema, schema, path, path, structural);
  structural.sort((a, b) => (errorString(a) < errorString(b) ? -1 : errorString(a) > errorString(b) ? 1 : 0));
  const errs = structural.length > 0 ? structural : defaultErrors(schema, path, true);
  return [...errs, ...schemaRuleErrors(schema, path)];
}

const emptyTypeMessage: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

function invariants(s: JSONSchemaProps | undefined, lvl: Level, path: FieldPath, errs: FieldError[]): void {
  if (s === undefined) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (s.type === 'array' && s.items === undefined) errs.push(required(path.child('items'), 'must be specified'));
  invariants(itemsSchema(s), 'item', path.child('items'), errs);
  for (const [k, prop] of Object.entries(s.properties ?? {})) invariants(prop, 'field', path.child('properties').key(k), errs);
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root') errs.push(forbidden(path.child('additionalProperties'), 'must not be used at the root'));
    invariants(additionalSchema(s), 'field', path.child('additionalProperties'), errs);
  }
  if (intOrString && s['x-kubernetes-preserve-unknown-fields'] === true) {
    errs.push(invalid(path.child('x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && embedded) errs.push(invalid(path.child('x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  valueValidation(s, path, errs);
  if (embedded && s.type !== 'object') {
    const msg = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(s.type ? invalid(path.child('type'), s.type, msg) : required(path.child('type'), msg));
  } else if (!s.type && !intOrString && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    errs.push(required(path.child('type'), emptyTypeMessage[lvl]));
  }
  if (embedded && s.additionalProperties !== undefined) errs.push(forbidden(path.child('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type && s.type !== 'object') errs.push(invalid(path.child('type'), s.type, 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  for (const k of ['kind', 'apiVersion']) {
    const p = s.properties?.[k];
    if (checkMeta && p !== undefined && p.type !== 'string') errs.push(invalid(path.child('properties').key(k).child('type'), p.type ?? '', 'must be string'));
  }
  const metadata = s.properties?.['metadata'];
  if (metadata !== undefined) errs.push(...metadataErrors(metadata, checkMeta, lvl, path.child('properties').key('metadata')));
  if (embedded && s['x-kubernetes-preserve-unknown-fields'] !== true && Object.keys(s.properties ?? {}).length === 0) {
    errs.push(required(path.child('properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
}

/** At the root, metadata may only restrict name and generateName (its type and default are checked elsewhere). */
function metadataErrors(m: JSONSchemaProps, checkMeta: boolean, lvl: Level, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMeta && m.type !== 'object') errs.push(invalid(path.child('type'), m.type ?? '', 'must be object'));
  if (lvl !== 'root') return errs;
  const { type: _type, default: _default, properties, ...rest } = m;
  const names = Object.keys(properties ?? {});
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
  if (!onlyNames || Object.keys(rest).some((k) => k !== 'description')) {
    errs.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errs;
}

const isTypeOnly = (s: JSONSchemaProps, t: string): boolean => Object.keys(s).length === 1 && s.type === t;
const isIntOrStringAnyOf = (a: JSONSchemaProps[] | undefined): boolean =>
  a?.length === 2 && a[0] !== undefined && a[1] !== undefined && isTypeOnly(a[0], 'integer') && isTypeOnly(a[1], 'string');

/** allOf/anyOf/oneOf/not hold value validation only; patterns must compile. */
function valueValidation(s: JSONSchemaProps, path: FieldPath, errs: FieldError[]): void {
  if (s.pattern !== undefined) {
    const c = compileRe2(s.pattern);
    if (!c.ok) errs.push(invalid(path.child('pattern'), s.pattern, `must be a valid regular expression, but isn't: ${c.error}`));
  }
  if (!isIntOrStringAnyOf(s.anyOf)) s.anyOf?.forEach((v, i) => nestedValidation(v, path.child('anyOf').index(i), errs));
  s.allOf?.forEach((v, i) => {
    const skipAnyOf = i === 0 && isIntOrStringAnyOf(v.anyOf);
    nestedValidation(skipAnyOf ? { ...v, anyOf: [] } : v, path.child('allOf').index(i), errs);
  });
  s.oneOf?.forEach((v, i) => nestedValidation(v, path.child('oneOf').index(i), errs));
  if (s.not !== undefined) nestedValidation(s.not, path.child('not'), errs);
}

const forbiddenInNested: Array<[keyof JSONSchemaProps, string]> = [
  ['type', 'must be empty to be structural'], ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'], ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'], ['nullable', 'must be false to be structural'],
  ['externalDocs', 'must be undefined to be structural'], ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'], ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'], ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'], ['x-kubernetes-validations', 'must be empty to be structural'],
];

function nestedValidation(v: JSONSchemaProps, path: FieldPath, errs: FieldError[]): void {
  valueValidation(v, path, errs);
  const items = itemsSchema(v);
  if (items !== undefined) nestedValidation(items, path.child('items'), errs);
  for (const [k, p] of Object.entries(v.properties ?? {})) nestedValidation(p, path.child('properties').key(k), errs);
  for (const [key, msg] of forbiddenInNested) {
    const x = v[key];
    const set = x !== undefined && x !== false && x !== '' && !(Array.isArray(x) && x.length === 0);
    if (set) errs.push(forbidden(path.child(key), msg));
  }
  if (v.properties?.['metadata'] !== undefined) errs.push(forbidden(path.child('properties').key('metadata'), 'must not be specified in a nested context'));
}

/** Every field or item named in a value validation must also be specified in the structural part. */
function completeness(s: JSONSchemaProps, v: JSONSchemaProps, sPath: FieldPath, vPath: FieldPath, errs: FieldError[]): void {
  const junctors = (x: JSONSchemaProps): Array<[JSONSchemaProps, FieldPath]> => {
    const out: Array<[JSONSchemaProps, FieldPath]> = [];
    for (const j of ['allOf', 'anyOf', 'oneOf'] as const) x[j]?.forEach((n, i) => out.push([n, vPath.child(j).index(i)]));
    if (x.not !== undefined) out.push([x.not, vPath.child('not')]);
    return out;
  };
  for (const [n, nPath] of junctors(v)) nestedCompleteness(s, n, sPath, nPath, errs);
  for (const [k, p] of Object.entries(s.properties ?? {})) completeness(p, p, sPath.child('properties').key(k), sPath.child('properties').key(k), errs);
  const items = itemsSchema(s);
  if (items !== undefined) completeness(items, items, sPath.child('items'), sPath.child('items'), errs);
  const additional = additionalSchema(s);
  if (additional !== undefined) completeness(additional, additional, sPath.child('additionalProperties'), sPath.child('additionalProperties'), errs);
}

function nestedCompleteness(s: JSONSchemaProps | undefined, v: JSONSchemaProps, sPath: FieldPath, vPath: FieldPath, errs: FieldError[]): void {
  if (s === undefined) {
    errs.push(required(sPath, `because it is defined in ${vPath.toString()}`));
    return;
  }
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) v[j]?.forEach((n, i) => nestedCompleteness(s, n, sPath, vPath.child(j).index(i), errs));
  if (v.not !== undefined) nestedCompleteness(s, v.not, sPath, vPath.child('not'), errs);
  const vItems = itemsSchema(v);
  if (vItems !== undefined) nestedCompleteness(itemsSchema(s), vItems, sPath.child('items'), vPath.child('items'), errs);
  for (const [k, p] of Object.entries(v.properties ?? {})) {
    nestedCompleteness(s.properties?.[k], p, sPath.child('properties').key(k), vPath.child('properties').key(k), errs);
  }
}

/** Defaults must survive pruning unchanged and validate against their own schema. */
function defaultErrors(s: JSONSchemaProps | undefined, path: FieldPath, isRoot: boolean): FieldError[] {
  if (s === undefined) return [];
  const errs: FieldError[] = [];
  if (s.default !== undefined && !isRoot) {
    const dPath = path.child('default');
    const pruned = cloneJson(s.default);
    if (pruneValue(s, pruned).length > 0) errs.push(invalid(dPath, s.default, 'must not have unknown fields'));
    errs.push(...validateCustomResource(s, s.default, { path: dPath.toString() }));
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) errs.push(...defaultErrors(p, path.child('properties').key(k), false));
  errs.push(...defaultErrors(itemsSchema(s), path.child('items'), false));
  errs.push(...defaultErrors(additionalSchema(s), path.child('additionalProperties'), false));
  return errs;
}
