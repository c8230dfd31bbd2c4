// ConfigMap: key syntax, no key in both data and binaryData, 1 MiB total, and `immutable` freezing the data.
import { forbidden, invalid, root, tooLong, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isConfigMapKey } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { deepEqual, rec } from './json.js';

export const maxDataSize = 1024 * 1024;

function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true });
  const data = rec(obj['data']);
  const binary = rec(obj['binaryData']);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('data').key(k), k, m));
    if (k in binary) errs.push(invalid(root('data').key(k), k, 'duplicate of key present in binaryData'));
    size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('binaryData').key(k), k, m));
    size += typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
  }
  if (size > maxDataSize) errs.push(tooLong(root(''), '', maxDataSize));
  return errs;
}

/** `immutable: true` freezes data, binaryData and the flag itself. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, fields: readonly string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (obj['immutable'] !== true) errs.push(forbidden(root('immutable'), 'field is immutable when `immutable` is set'));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(forbidden(root(f), 'field is immutable when `immutable` is set'));
  return errs;
}

export const configMapRules: KindRules = {
  validate: validateConfigMap,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateImmutableData(obj, old, ['data', 'binaryData']), ...validateConfigMap(obj)],
};
