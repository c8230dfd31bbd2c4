// Secret: type Opaque by default, stringData folded into data, key syntax, 1 MiB, per-type required keys,
// and on update: type immutable, `immutable` freezes data.
import { invalid, required, root, tooLong, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isConfigMapKey } from '../../meta/name-validation.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { validateImmutableData, maxDataSize } from './config-map.js';
import { child, isRec, rec, s0, setDefault } from './json.js';

const decoded = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : '', 'base64');

function validateJsonKey(data: Record<string, unknown>, key: string): FieldError[] {
  const path = root('data').key(key);
  if (!(key in data)) return [required(path)];
  try {
    JSON.parse(decoded(data[key]).toString('utf8'));
    return [];
  } catch (e: unknown) {
    return [invalid(path, '<secret contents redacted>', e instanceof Error ? e.message : 'invalid JSON')];
  }
}

function validateSecret(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true });
  const data = rec(obj['data']);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('data').key(k), k, m));
    size += decoded(v).length;
  }
  if (size > maxDataSize) errs.push(tooLong(root('data'), '', maxDataSize));
  const has = (k: string): boolean => k in data;
  switch (s0(obj['type'])) {
    case 'kubernetes.io/service-account-token':
      if (s0(rec(rec(obj.metadata)['annotations'])['kubernetes.io/service-account.name']) === '') {
        errs.push(required(root('metadata', 'annotations').key('kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
      errs.push(...validateJsonKey(data, '.dockercfg'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      errs.push(...validateJsonKey(data, '.dockerconfigjson'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required(root('data').key('username')), required(root('data').key('password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if (decoded(data['ssh-privatekey']).length === 0) errs.push(required(root('data').key('ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(root('data').key('tls.crt')));
      if (!has('tls.key')) errs.push(required(root('data').key('tls.key')));
      break;
    default:
  }
  return errs;
}

export const secretRules: KindRules = {
  defaults(obj) {
    setDefault(obj, 'type', 'Opaque');
    // stringData is write-only: merged into data (base64) on write, as upstream's conversion does.
    const sd = obj['stringData'];
    if (isRec(sd)) {
      const data = child(obj, 'data');
      for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v)).toString('base64');
    }
    delete obj['stringData'];
  },
  validate: validateSecret,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateImmutableField(obj['type'], old['type'], root('type')),
    ...validateImmutableData(obj, old, ['data']),
    ...validateSecret(obj),
  ],
};
