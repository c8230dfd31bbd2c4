// ObjectMeta, label, annotation and label-selector validation shared by every kind (upstream wording).
import { FieldPath, forbidden, invalid, notSupported, required, root, tooLong, type FieldError } from './field-path.js';
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validation.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export type NameValidator = (name: string) => string[];

export interface ObjectMetaOptions {
  namespaced: boolean;
  path?: FieldPath;
  /** Name syntax; default DNS-1123 subdomain. */
  nameFn?: NameValidator;
}

export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (!isRec(labels)) return [invalid(path, labels, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    else for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

const totalAnnotationSizeLimit = 256 * 1024;

export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isRec(annotations)) return [invalid(path, annotations, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > totalAnnotationSizeLimit) errs.push(tooLong(path, '', totalAnnotationSizeLimit));
  return errs;
}

export function validateOwnerReferences(refs: unknown, path: FieldPath): FieldError[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) return [invalid(path, refs, 'must be a list')];
  const errs: FieldError[] = [];
  let controllers = 0;
  refs.forEach((r: unknown, i) => {
    const p = path.index(i);
    const o = isRec(r) ? r : {};
    if (!o['apiVersion']) errs.push(invalid(p.child('apiVersion'), o['apiVersion'] ?? '', 'version must not be empty'));
    if (!o['kind']) errs.push(invalid(p.child('kind'), o['kind'] ?? '', 'kind must not be empty'));
    if (!o['name']) errs.push(invalid(p.child('name'), o['name'] ?? '', 'name must not be empty'));
    if (!o['uid']) errs.push(invalid(p.child('uid'), o['uid'] ?? '', 'uid must not be empty'));
    if (o['controller'] === true) controllers++;
  });
  if (controllers > 1) errs.push(invalid(path, refs, 'Only one reference can have Controller set to true'));
  return errs;
}

export function validateFinalizers(finalizers: unknown, path: FieldPath): FieldError[] {
  if (finalizers === undefined || finalizers === null) return [];
  if (!Array.isArray(finalizers)) return [invalid(path, finalizers, 'must be a list of strings')];
  const errs: FieldError[] = [];
  finalizers.forEach((f: unknown, i) => {
    if (typeof f !== 'string') { errs.push(invalid(path.index(i), f, 'must be a string')); return; }
    for (const m of isQualifiedName(f)) errs.push(invalid(path.index(i), f, m));
  });
  return errs;
}

/** Validates metadata of a new object. Returns every error. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions): FieldError[] {
  const path = opts.path ?? root('metadata');
  const m = isRec(meta) ? meta : {};
  const errs: FieldError[] = [];
  const name = m['name'];
  const nameFn = opts.nameFn ?? isDns1123Subdomain;
  if (typeof name !== 'string' || name === '') {
    if (typeof m['generateName'] !== 'string' || m['generateName'] === '') errs.push(required(path.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name)) errs.push(invalid(path.child('name'), name, msg));
  }
  const ns = m['namespace'];
  if (opts.namespaced) {
    if (typeof ns !== 'string' || ns === '') errs.push(required(path.child('namespace')));
    else for (const msg of isDns1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, msg));
  } else if (typeof ns === 'string' && ns !== '') {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  if (m['generation'] !== undefined && (typeof m['generation'] !== 'number' || m['generation'] < 0)) errs.push(invalid(path.child('generation'), m['generation'], 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m['labels'], path.child('labels')));
  errs.push(...validateAnnotations(m['annotations'], path.child('annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], path.child('ownerReferences')));
  errs.push(...validateFinalizers(m['finalizers'], path.child('finalizers')));
  return errs;
}

/** Validates metadata of an update: the new metadata must be valid and identity fields unchanged. */
export function validateObjectMetaUpdate(meta: unknown, old: unknown, path: FieldPath = root('metadata')): FieldError[] {
  const m = isRec(meta) ? meta : {};
  const o = isRec(old) ? old : {};
  const errs: FieldError[] = [];
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (o[f] !== undefined && m[f] !== o[f]) errs.push(invalid(path.child(f), m[f] ?? '', 'field is immutable'));
  }
  errs.push(...validateLabels(m['labels'], path.child('labels')));
  errs.push(...validateAnnotations(m['annotations'], path.child('annotations')));
  errs.push(...validateOwnerReferences(m['ownerReferences'], path.child('ownerReferences')));
  errs.push(...validateFinalizers(m['finalizers'], path.child('finalizers')));
  return errs;
}

const selectorOps = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** metav1.LabelSelector syntax. */
export function validateLabelSelector(sel: unknown, path: FieldPath): FieldError[] {
  if (sel === undefined || sel === null) return [];
  if (!isRec(sel)) return [invalid(path, sel, 'must be a label selector')];
  const errs = validateLabels(sel['matchLabels'], path.child('matchLabels'));
  const exprs = sel['matchExpressions'];
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) return [...errs, invalid(path.child('matchExpressions'), exprs, 'must be a list')];
    exprs.forEach((e: unknown, i) => {
      const p = path.child('matchExpressions').index(i);
      const x = isRec(e) ? e : {};
      const op = x['operator'];
      const values = Array.isArray(x['values']) ? x['values'] : [];
      if (typeof x['key'] !== 'string' || x['key'] === '') errs.push(required(p.child('key')));
      else for (const m of isQualifiedName(x['key'])) errs.push(invalid(p.child('key'), x['key'], m));
      if (typeof op !== 'string' || !selectorOps.includes(op)) errs.push(notSupported(p.child('operator'), op ?? '', selectorOps));
      else if ((op === 'In' || op === 'NotIn') && values.length === 0) errs.push(required(p.child('values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
      else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) errs.push(forbidden(p.child('values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
      values.forEach((v: unknown, j: number) => {
        if (typeof v === 'string') for (const m of isValidLabelValue(v)) errs.push(invalid(p.child('values').index(j), v, m));
      });
    });
  }
  return errs;
}
