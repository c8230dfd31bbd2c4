// ObjectMeta validation on create and update, with upstream field paths and messages
// (apimachinery pkg/api/validation plus the core finalizer-name rule). Labels and selectors live in label-validation.ts.
import { FieldPath, forbidden, invalid, required, root, type FieldError } from './field-path.js';
import { validateAnnotations, validateLabels } from './label-validation.js';
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, maskTrailingDash } from './name-validation.js';
import { semanticEqual } from './equality.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Returns the messages for an invalid name; `prefix` is true when validating a generateName prefix. */
export type NameValidator = (name: string, prefix?: boolean) => string[];

export interface ObjectMetaOptions {
  namespaced: boolean;
  /** Defaults to `metadata`. */
  path?: FieldPath;
  /** Name syntax; default DNS-1123 subdomain. */
  nameFn?: NameValidator;
  /**
   * Core's rule that a finalizer without a '/' is a standard one (kubernetes, orphan, foregroundDeletion). Default
   * true; apimachinery's generic ObjectMeta validation (CRDs, custom resources) does not apply it.
   */
  coreFinalizerNames?: boolean;
}

export const fieldImmutableErrorMsg = 'field is immutable';
export const isNegativeErrorMsg = 'must be greater than or equal to 0';

export function validateNonnegativeField(value: unknown, path: FieldPath): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, isNegativeErrorMsg)] : [];
}

/** `field is immutable` when newVal and oldVal differ semantically. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: FieldPath): FieldError[] {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(path, newVal ?? '', fieldImmutableErrorMsg)];
}

export function validateQualifiedName(value: string, path: FieldPath): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}
export function validateDns1123Label(value: string, path: FieldPath): FieldError[] {
  return isDns1123Label(value).map((m) => invalid(path, value, m));
}
export function validateDns1123Subdomain(value: string, path: FieldPath): FieldError[] {
  return isDns1123Subdomain(value).map((m) => invalid(path, value, m));
}

const bannedOwners = new Set(['v1/Event']);

export function validateOwnerReferences(refs: unknown, path: FieldPath): FieldError[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) return [invalid(path, refs, 'must be a list')];
  const errs: FieldError[] = [];
  let firstController = '';
  refs.forEach((r: unknown, i) => {
    const p = path.index(i);
    const o = isRec(r) ? r : {};
    const apiVersion = str(o['apiVersion']);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') errs.push(invalid(p.child('apiVersion'), apiVersion, 'version must not be empty'));
    if (str(o['kind']) === '') errs.push(invalid(p.child('kind'), str(o['kind']), 'kind must not be empty'));
    if (str(o['name']) === '') errs.push(invalid(p.child('name'), str(o['name']), 'name must not be empty'));
    if (str(o['uid']) === '') errs.push(invalid(p.child('uid'), str(o['uid']), 'uid must not be empty'));
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (group === '' && bannedOwners.has(`${version}/${str(o['kind'])}`)) {
      errs.push(invalid(p, o, `/${version}, Kind=${str(o['kind'])} is disallowed from being an owner`));
    }
    if (o['controller'] === true) {
      const name = `${str(o['kind'])}/${str(o['name'])}`;
      if (firstController !== '') errs.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      else firstController = name;
    }
  });
  return errs;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** apimachinery ValidateFinalizers (path is the list) plus, unless told not to, core's per-item standard-name rule. */
export function validateFinalizers(finalizers: unknown, path: FieldPath, coreFinalizerNames = true): FieldError[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) return [invalid(path, finalizers, 'must be a list of strings')];
  const errs: FieldError[] = [];
  for (const f of finalizers) for (const m of isQualifiedName(str(f))) errs.push(invalid(path, str(f), m));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  if (coreFinalizerNames) finalizers.forEach((f: unknown, i) => {
    const s = str(f);
    if (!s.includes('/') && !standardFinalizers.has(s)) errs.push(invalid(path.index(i), s, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

function validateCommon(m: Rec, path: FieldPath): FieldError[] {
  return [
    ...validateNonnegativeField(m['generation'], path.child('generation')),
    ...validateLabels(m['labels'], path.child('labels')),
    ...validateAnnotations(m['annotations'], path.child('annotations')),
    ...validateOwnerReferences(m['ownerReferences'], path.child('ownerReferences')),
  ];
}

/** Validates the metadata of a new object. Returns every error. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions): FieldError[] {
  const path = opts.path ?? root('metadata');
  const m = isRec(meta) ? meta : {};
  const nameFn = opts.nameFn ?? isDns1123Subdomain;
  const errs: FieldError[] = [];
  const generateName = str(m['generateName']);
  if (generateName !== '') for (const msg of nameFn(maskTrailingDash(generateName), true)) errs.push(invalid(path.child('generateName'), generateName, msg));
  const name = str(m['name']);
  if (name === '') errs.push(required(path.child('name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(invalid(path.child('name'), name, msg));
  const ns = str(m['namespace']);
  if (opts.namespaced) {
    if (ns === '') errs.push(required(path.child('namespace')));
    else for (const msg of isDns1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, msg));
  } else if (ns !== '') {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateCommon(m, path), ...validateFinalizers(m['finalizers'], path.child('finalizers'), opts.coreFinalizerNames ?? true));
  return errs;
}

/** Validates the metadata of an update: the new metadata must be valid and identity fields unchanged. */
export function validateObjectMetaUpdate(meta: unknown, old: unknown, path: FieldPath = root('metadata'), opts: { coreFinalizerNames?: boolean } = {}): FieldError[] {
  const m = isRec(meta) ? meta : {};
  const o = isRec(old) ? old : {};
  const errs: FieldError[] = [];
  if (o['deletionTimestamp']) {
    const before = new Set(Array.isArray(o['finalizers']) ? o['finalizers'] : []);
    const added = [...new Set(Array.isArray(m['finalizers']) ? m['finalizers'] : [])].filter((f) => !before.has(f)).map(String).sort();
    if (added.length) errs.push(forbidden(path.child('finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
  }
  errs.push(...validateNonnegativeField(m['generation'], path.child('generation')));
  if (typeof m['generation'] === 'number' && typeof o['generation'] === 'number' && m['generation'] < o['generation']) {
    errs.push(invalid(path.child('generation'), m['generation'], 'must not be decremented'));
  }
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    errs.push(...validateImmutableField(m[f], o[f], path.child(f)));
  }
  errs.push(...validateLabels(m['labels'], path.child('labels')));
  errs.push(...validateAnnotations(m['annotations'], path.child('annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], path.child('ownerReferences')));
  const fin = Array.isArray(m['finalizers']) && (opts.coreFinalizerNames ?? true) ? m['finalizers'] : [];
  fin.forEach((f: unknown, i) => {
    const s = str(f);
    if (!s.includes('/') && !standardFinalizers.has(s)) errs.push(invalid(path.child('finalizers').index(i), s, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

/** Pod/claim template metadata: only labels and annotations may be set (upstream ValidateTemplateObjectMeta). */
export function validateTemplateObjectMeta(meta: unknown, path: FieldPath): FieldError[] {
  const m = isRec(meta) ? meta : {};
  const errs = [...validateAnnotations(m['annotations'], path.child('annotations')), ...validateLabels(m['labels'], path.child('labels'))];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'labels' || k === 'annotations' || v === undefined || v === null || v === '') continue;
    if ((Array.isArray(v) && v.length === 0) || (isRec(v) && Object.keys(v).length === 0)) continue;
    errs.push(forbidden(path.child(k), 'cannot be set'));
  }
  return errs;
}

export { validateAnnotations, validateLabels, validateLabelSelector } from './label-validation.js';
