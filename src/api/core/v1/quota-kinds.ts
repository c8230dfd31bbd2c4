// ResourceQuota and LimitRange: quantities must parse; names must be valid.
import { invalid, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { isQuantity } from '../../resource/quantity.js';
import { arr, rec } from './json.js';

function quantities(m: unknown, path: ReturnType<typeof root>): FieldError[] {
  return Object.entries(rec(m)).filter(([, v]) => !isQuantity(v)).map(([k, v]) => invalid(path.key(k), v, 'must be a valid quantity'));
}

function validateQuota(obj: KubeObject): FieldError[] {
  return quantities(rec(obj['spec'])['hard'], root('spec', 'hard'));
}

function validateLimits(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  arr(rec(obj['spec'])['limits']).forEach((l, i) => {
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) errs.push(...quantities(rec(l)[f], root('spec', 'limits').index(i).child(f)));
  });
  return errs;
}

export const resourceQuotaRules: KindRules = {
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateQuota(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateQuota(obj)],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};

export const limitRangeRules: KindRules = {
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateLimits(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLimits(obj)],
};
