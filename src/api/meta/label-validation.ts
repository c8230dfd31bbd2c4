// Labels, annotations and metav1.LabelSelector validation with upstream paths and messages
// (apimachinery pkg/apis/meta/v1/validation and pkg/api/validation).
import { forbidden, invalid, required, tooLong, type FieldError, type FieldPath } from './field-path.js';
import { isQualifiedName, isValidLabelValue } from './name-validation.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export const totalAnnotationSizeLimitB = 256 * 1024;

/** A label key: errors are reported on `path` with the key as the bad value. */
export function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(path, key, m));
}

export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (!isRec(labels)) return [invalid(path, labels, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, path));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    else for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isRec(annotations)) return [invalid(path, annotations, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > totalAnnotationSizeLimitB) errs.push(tooLong(path, '', totalAnnotationSizeLimitB));
  return errs;
}

export interface LabelSelectorValidationOptions {
  allowInvalidLabelValueInSelector?: boolean;
  /** Node selector requirements also accept Gt/Lt with exactly one value. */
  numericOperators?: boolean;
}

/** metav1.LabelSelector: matchLabels like labels; matchExpressions with In/NotIn (values required) and Exists/DoesNotExist (no values). */
export function validateLabelSelector(sel: unknown, path: FieldPath, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  if (sel === undefined || sel === null) return [];
  if (!isRec(sel)) return [invalid(path, sel, 'must be a label selector')];
  const errs = validateLabels(sel['matchLabels'], path.child('matchLabels'));
  const exprs = sel['matchExpressions'];
  if (exprs === undefined || exprs === null) return errs;
  if (!Array.isArray(exprs)) return [...errs, invalid(path.child('matchExpressions'), exprs, 'must be a list')];
  exprs.forEach((e: unknown, i) => errs.push(...validateLabelSelectorRequirement(e, path.child('matchExpressions').index(i), opts)));
  return errs;
}

export function validateLabelSelectorRequirement(req: unknown, path: FieldPath, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  const x = isRec(req) ? req : {};
  const values = Array.isArray(x['values']) ? x['values'] : [];
  const op = typeof x['operator'] === 'string' ? x['operator'] : '';
  const errs: FieldError[] = [];
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (!opts.numericOperators) errs.push(invalid(path.child('operator'), op, 'not a valid selector operator'));
      else if (values.length !== 1) errs.push(required(path.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(path.child('operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(typeof x['key'] === 'string' ? x['key'] : '', path.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v: unknown, j) => {
      const s = typeof v === 'string' ? v : String(v);
      for (const m of isValidLabelValue(s)) errs.push(invalid(path.child('values').index(j), s, m));
    });
  }
  return errs;
}
