// CustomResourceDefinition validation on create, update and /status update (upstream apiextensions
// ValidateCustomResourceDefinition{,Update} and ValidateUpdateCustomResourceDefinitionStatus, 1.32), with the
// upstream field paths of the internal version: identical per-version schema, subresources or columns are
// reported at spec.validation, spec.subresources and spec.additionalPrinterColumns as upstream hoists them.
import type {
  CustomResourceColumnDefinition, CustomResourceDefinition, CustomResourceDefinitionNames, CustomResourceDefinitionSpec,
  CustomResourceDefinitionVersion, CustomResourceSubresources, JSONSchemaProps,
} from 'kubernetes-types/apiextensions/v1.js';
import {
  invalid, isDns1035Label, isDns1123Subdomain, nameIsDnsSubdomain, notSupported, required, root, semanticEqual, validateImmutableField,
  validateObjectMeta, validateObjectMetaUpdate, type FieldError, type FieldPath, type KubeObject,
} from '../../meta/index.js';
import { hasStatusEnabled, validateColumn, validateSubresources } from './crd-columns.js';
import { hasRecognizedConversionReviewVersionOrNone, validateCaBundle, validateConversion } from './crd-conversion.js';
import { isCrdConditionTrue } from './crd-conditions.js';
import { validateCustomResourceValidation, type SchemaErrorsFn } from './crd-root-schema.js';
import { validateApiApproval } from './crd-approval.js';
import { validateSelectableFields } from './crd-selectable-fields.js';
import type { JSONSchemaProps as SchemaNode } from './schema/types.js';

export interface CrdValidationOptions {
  /** The structural-schema engine: errors for one openAPIV3Schema at its path. Without it only root rules run. */
  schemaErrors?: SchemaErrorsFn;
}

interface SpecOptions extends CrdValidationOptions {
  requireRecognizedConversionReviewVersion: boolean;
  requireOpenApiSchema: boolean;
  allowInvalidCaBundle: boolean;
}

/** The internal view of a v1 spec: per-version fields that are identical in every version move to the top level. */
interface InternalSpec {
  versions: CustomResourceDefinitionVersion[];
  validation?: JSONSchemaProps | undefined;
  subresources?: CustomResourceSubresources | undefined;
  columns?: CustomResourceColumnDefinition[] | undefined;
  selectableFields?: CustomResourceDefinitionVersion['selectableFields'];
}

function hoist(versions: CustomResourceDefinitionVersion[]): InternalSpec {
  const out: InternalSpec = { versions: versions.map((v) => ({ ...v })) };
  const first = versions[0];
  if (!first) return out;
  if (versions.every((v) => semanticEqual(v.schema, first.schema))) {
    out.validation = first.schema?.openAPIV3Schema;
    for (const v of out.versions) delete v.schema;
  }
  if (versions.every((v) => semanticEqual(v.subresources, first.subresources))) {
    out.subresources = first.subresources;
    for (const v of out.versions) delete v.subresources;
  }
  if (versions.every((v) => semanticEqual(v.additionalPrinterColumns, first.additionalPrinterColumns))) {
    out.columns = first.additionalPrinterColumns;
    for (const v of out.versions) delete v.additionalPrinterColumns;
  }
  if (versions.every((v) => semanticEqual(v.selectableFields, first.selectableFields))) {
    out.selectableFields = first.selectableFields;
    for (const v of out.versions) delete v.selectableFields;
  }
  return out;
}

const specOf = (crd: CustomResourceDefinition): CustomResourceDefinitionSpec => crd.spec ?? ({} as CustomResourceDefinitionSpec);
const versionsOf = (spec: CustomResourceDefinitionSpec): CustomResourceDefinitionVersion[] => (Array.isArray(spec.versions) ? spec.versions : []);

/** upstream ValidateCustomResourceDefinitionNames (spec.names and status.acceptedNames). */
export function validateCustomResourceDefinitionNames(names: CustomResourceDefinitionNames | undefined, path: FieldPath): FieldError[] {
  const n = names ?? ({} as CustomResourceDefinitionNames);
  const errs: FieldError[] = [];
  const join = (msgs: string[]): string => msgs.join(',');
  for (const f of ['plural', 'singular'] as const) {
    const v = n[f] ?? '';
    const msgs = isDns1035Label(v);
    if (v && msgs.length) errs.push(invalid(path.child(f), v, join(msgs)));
  }
  for (const f of ['kind', 'listKind'] as const) {
    const v = n[f] ?? '';
    const msgs = isDns1035Label(v.toLowerCase());
    if (v && msgs.length) errs.push(invalid(path.child(f), v, `may have mixed case, but should otherwise match: ${join(msgs)}`));
  }
  (n.shortNames ?? []).forEach((s, i) => {
    const msgs = isDns1035Label(s);
    if (msgs.length) errs.push(invalid(path.child('shortNames').index(i), s, join(msgs)));
  });
  if (n.kind && n.kind === n.listKind) errs.push(invalid(path.child('listKind'), n.listKind, 'kind and listKind may not be the same'));
  (n.categories ?? []).forEach((c, i) => {
    const msgs = isDns1035Label(c);
    if (msgs.length) errs.push(invalid(path.child('categories').index(i), c, join(msgs)));
  });
  return errs;
}

function validateDeprecationWarning(v: CustomResourceDefinitionVersion): string[] {
  const w = v.deprecationWarning;
  if (!v.deprecated && w !== undefined && w !== null) return ['can only be set for deprecated versions'];
  if (w === undefined || w === null) return [];
  const out: string[] = [];
  if (Buffer.byteLength(w) > 256) out.push('must be <= 256 characters long');
  if (w.length === 0) out.push('must not be an empty string');
  let i = 0;
  for (const ch of w) {
    if (/\p{Cc}/u.test(ch)) {
      out.push(`must only contain printable UTF-8 characters; control character found at index ${i}`);
      break;
    }
    if (!/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) {
      out.push(`must only contain printable UTF-8 characters; non-printable character found at index ${i}`);
      break;
    }
    i += Buffer.byteLength(ch);
  }
  return out;
}

function validateVersion(v: CustomResourceDefinitionVersion, path: FieldPath, statusEnabled: boolean, o: SpecOptions, hoistedSchema: JSONSchemaProps | undefined): FieldError[] {
  const errs = validateDeprecationWarning(v).map((m) => invalid(path.child('deprecationWarning'), v.deprecationWarning, m));
  errs.push(...validateCustomResourceValidation(v.schema?.openAPIV3Schema, path.child('schema'), { statusEnabled, schemaErrors: o.schemaErrors }));
  errs.push(...validateSubresources(v.subresources, path.child('subresources')));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, path.child('additionalPrinterColumns').index(i))));
  errs.push(...validateSelectableFields(v.selectableFields ?? [], (v.schema?.openAPIV3Schema ?? hoistedSchema) as SchemaNode | undefined, path.child('selectableFields')));
  return errs;
}

function hasDefaults(s: unknown): boolean {
  if (Array.isArray(s)) return s.some(hasDefaults);
  if (s === null || typeof s !== 'object') return false;
  const rec = s as Record<string, unknown>;
  if (rec['default'] !== undefined && rec['default'] !== null) return true;
  return Object.entries(rec).some(([k, v]) => k !== 'default' && k !== 'enum' && k !== 'example' && hasDefaults(v));
}

function validateSpec(spec: CustomResourceDefinitionSpec, path: FieldPath, o: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  const groupMsgs = isDns1123Subdomain(group);
  if (group === '') errs.push(required(path.child('group'), ''));
  else if (groupMsgs.length) errs.push(invalid(path.child('group'), group, groupMsgs.join(',')));
  else if (group.split('.').length < 2) errs.push(invalid(path.child('group'), group, 'should be a domain with at least one dot'));
  const scope = spec.scope ?? '';
  if (scope === '') errs.push(required(path.child('scope'), ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported(path.child('scope'), scope, ['Cluster', 'Namespaced']));

  const versions = versionsOf(spec);
  const internal = hoist(versions);
  const vPath = path.child('versions');
  if (o.requireOpenApiSchema && !internal.validation) {
    internal.versions.forEach((v, i) => { if (!v.schema?.openAPIV3Schema) errs.push(required(vPath.index(i).child('schema').child('openAPIV3Schema'), 'schemas are required')); });
  }
  if (versions.some((v) => hasDefaults(v.schema?.openAPIV3Schema)) && spec.preserveUnknownFields === true) {
    errs.push(invalid(path.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'));
  }
  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  internal.versions.forEach((v, i) => {
    if (v.storage === true) storage++;
    if (names.has(v.name ?? '')) unique = false;
    names.add(v.name ?? '');
    const msgs = isDns1035Label(v.name ?? '');
    if (msgs.length) errs.push(invalid(vPath.index(i).child('name'), v.name ?? '', msgs.join(',')));
    const sub = internal.versions.some((x) => x.subresources) ? v.subresources : internal.subresources;
    errs.push(...validateVersion(v, vPath.index(i), hasStatusEnabled(sub), o, internal.validation));
  });
  if (!unique) errs.push(invalid(vPath, versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(invalid(vPath, versions, 'must have exactly one version marked as storage version'));
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) if (!spec.names?.[f]) errs.push(required(path.child('names', f), ''));
  errs.push(...validateCustomResourceDefinitionNames(spec.names, path.child('names')));
  const anyStatus = hasStatusEnabled(internal.subresources) || versions.some((v) => hasStatusEnabled(v.subresources));
  errs.push(...validateCustomResourceValidation(internal.validation, path.child('validation'), { statusEnabled: anyStatus, schemaErrors: o.schemaErrors }));
  errs.push(...validateSubresources(internal.subresources, path.child('subresources')));
  (internal.columns ?? []).forEach((c, i) => errs.push(...validateColumn(c, path.child('additionalPrinterColumns').index(i))));
  if (internal.selectableFields?.length) {
    errs.push(...(internal.validation === undefined
      ? [invalid(path.child('selectableFields'), '', 'selectableFields may only be set when validations.schema is included')]
      : validateSelectableFields(internal.selectableFields, internal.validation as SchemaNode, path.child('selectableFields'))));
  }
  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields === true) {
    errs.push(invalid(path.child('conversion').child('strategy'), spec.conversion.strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  errs.push(...validateConversion(spec.conversion, path.child('conversion'), {
    requireRecognizedConversionReviewVersion: o.requireRecognizedConversionReviewVersion, allowInvalidCaBundle: o.allowInvalidCaBundle,
  }));
  return errs;
}

/** upstream ValidateCustomResourceDefinitionStoredVersions. */
export function validateStoredVersions(stored: readonly string[] | undefined, versions: readonly CustomResourceDefinitionVersion[], path: FieldPath): FieldError[] {
  const list = stored ?? [];
  if (list.length === 0) return [invalid(path, [], 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const index = new Map<string, number>();
  list.forEach((v, i) => index.set(v, i));
  for (const v of versions) {
    const name = v.name ?? '';
    if (v.storage === true && !index.has(name)) errs.push(invalid(path, list, `must have the storage version ${name}`));
    index.delete(name);
  }
  for (const [v, i] of index) {
    errs.push(invalid(path.index(i), v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
  }
  return errs;
}

function validatePreserveUnknownFields(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined): FieldError[] {
  if (old?.spec?.preserveUnknownFields === true) return [];
  if (crd.spec?.preserveUnknownFields !== true) return [];
  return [invalid(root('spec', 'preserveUnknownFields'), true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')];
}

const validateStatus = (crd: CustomResourceDefinition): FieldError[] => validateCustomResourceDefinitionNames(crd.status?.acceptedNames, root('status', 'acceptedNames'));

/** Validates a new CRD (after defaulting and prepareForCreate). Returns every error; never throws. */
export function validateCustomResourceDefinition(obj: KubeObject, options: CrdValidationOptions = {}): FieldError[] {
  const crd = obj as unknown as CustomResourceDefinition;
  const spec = specOf(crd);
  const requiredName = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
  const nameFn = (name: string, prefix = false): string[] => {
    const msgs = nameIsDnsSubdomain(name, prefix);
    return name === requiredName ? msgs : [...msgs, 'must be spec.names.plural+"."+spec.group'];
  };
  return [
    ...validateObjectMeta(crd.metadata, { namespaced: false, nameFn, coreFinalizerNames: false }),
    ...validateSpec(spec, root('spec'), { ...options, requireRecognizedConversionReviewVersion: true, requireOpenApiSchema: true, allowInvalidCaBundle: true }),
    ...validateStatus(crd),
    ...validateStoredVersions(crd.status?.storedVersions, versionsOf(spec), root('status', 'storedVersions')),
    ...validateApiApproval(crd, undefined),
    ...validatePreserveUnknownFields(crd, undefined),
  ];
}

function allowInvalidCaBundle(old: CustomResourceDefinition): boolean {
  if (!isCrdConditionTrue(old, 'Established')) return true;
  const bundle = old.spec?.conversion?.webhook?.clientConfig?.caBundle;
  return !!bundle && validateCaBundle(bundle, root('caBundle')).length > 0;
}

/** Validates an update of the main resource; rules are relaxed where the stored object already broke them. */
export function validateCustomResourceDefinitionUpdate(obj: KubeObject, prev: KubeObject, options: CrdValidationOptions = {}): FieldError[] {
  const crd = obj as unknown as CustomResourceDefinition;
  const old = prev as unknown as CustomResourceDefinition;
  const spec = specOf(crd);
  const oldSpec = specOf(old);
  const established = isCrdConditionTrue(old, 'Established');
  const errs = [
    ...validateObjectMetaUpdate(crd.metadata, old.metadata, undefined, { coreFinalizerNames: false }),
    ...validateSpec(spec, root('spec'), {
      ...options,
      requireRecognizedConversionReviewVersion: !oldSpec.conversion || hasRecognizedConversionReviewVersionOrNone(oldSpec.conversion.webhook?.conversionReviewVersions),
      requireOpenApiSchema: hoist(versionsOf(oldSpec)).validation !== undefined || versionsOf(oldSpec).every((v) => !!v.schema?.openAPIV3Schema),
      allowInvalidCaBundle: allowInvalidCaBundle(old),
    }),
  ];
  if (established) {
    errs.push(...validateImmutableField(spec.scope, oldSpec.scope, root('spec', 'scope')));
    errs.push(...validateImmutableField(spec.names?.kind, oldSpec.names?.kind, root('spec', 'names', 'kind')));
  }
  errs.push(...validateImmutableField(spec.group, oldSpec.group, root('spec', 'group')));
  errs.push(...validateImmutableField(spec.names?.plural, oldSpec.names?.plural, root('spec', 'names', 'plural')));
  return [
    ...errs,
    ...validateStatus(crd),
    ...validateStoredVersions(crd.status?.storedVersions, versionsOf(spec), root('status', 'storedVersions')),
    ...validateApiApproval(crd, old),
    ...validatePreserveUnknownFields(crd, old),
  ];
}

/** Validates a /status update: metadata identity and the accepted names. */
export function validateCustomResourceDefinitionStatusUpdate(obj: KubeObject, prev: KubeObject): FieldError[] {
  const crd = obj as unknown as CustomResourceDefinition;
  const old = prev as unknown as CustomResourceDefinition;
  return [...validateObjectMetaUpdate(crd.metadata, old.metadata, undefined, { coreFinalizerNames: false }), ...validateStatus(crd)];
}
