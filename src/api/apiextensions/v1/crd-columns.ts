// CustomResourceDefinition per-version parts that need no schema engine: the scale and status subresources,
// additionalPrinterColumns and upstream's "simple JSON path" rule (apiextensions validation, 1.32).
import type { CustomResourceColumnDefinition, CustomResourceSubresources } from 'kubernetes-types/apiextensions/v1.js';
import { invalid, required, type FieldError, type FieldPath } from '../../meta/index.js';

const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const printerColumnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** upstream validateSimpleJSONPath: a dot-notation path starting with '.'. */
export function validateSimpleJsonPath(s: string, path: FieldPath): FieldError[] {
  if (s.length === 0) return [invalid(path, s, 'must not be empty')];
  if (!s.startsWith('.')) return [invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

function validateScalePath(value: string | undefined, path: FieldPath, prefixes: readonly string[], detail: string): FieldError[] {
  if (!value) return [required(path, '')];
  const errs = validateSimpleJsonPath(value, path);
  if (errs.length) return errs;
  return prefixes.some((p) => value.startsWith(p)) ? [] : [invalid(path, value, detail)];
}

/** upstream ValidateCustomResourceDefinitionSubresources: scale paths under .spec/.status. */
export function validateSubresources(sub: CustomResourceSubresources | undefined | null, path: FieldPath): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs = [
    ...validateScalePath(scale.specReplicasPath, path.child('scale.specReplicasPath'), ['.spec.'], 'should be a json path under .spec'),
    ...validateScalePath(scale.statusReplicasPath, path.child('scale.statusReplicasPath'), ['.status.'], 'should be a json path under .status'),
  ];
  const selector = scale.labelSelectorPath;
  if (selector) errs.push(...validateScalePath(selector, path.child('scale.labelSelectorPath'), ['.spec.', '.status.'], 'should be a json path under either .spec or .status'));
  return errs;
}

/** upstream ValidateCustomResourceColumnDefinition (the JSON path field keeps the internal name `JSONPath`). */
export function validateColumn(col: CustomResourceColumnDefinition, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(required(path.child('name'), ''));
  const typeDetail = `must be one of ${printerColumnTypes.join(',')}`;
  if (!col.type) errs.push(required(path.child('type'), typeDetail));
  else if (!printerColumnTypes.includes(col.type)) errs.push(invalid(path.child('type'), col.type, typeDetail));
  if (col.format && !printerColumnFormats.includes(col.format)) errs.push(invalid(path.child('format'), col.format, `must be one of ${printerColumnFormats.join(',')}`));
  if (!col.jsonPath) errs.push(required(path.child('JSONPath'), ''));
  else errs.push(...validateSimpleJsonPath(col.jsonPath, path.child('JSONPath')));
  return errs;
}

/** The status subresource is on when the field is present (an empty object enables it). */
export function hasStatusEnabled(sub: CustomResourceSubresources | undefined | null): boolean {
  return sub?.status !== undefined && sub.status !== null;
}
