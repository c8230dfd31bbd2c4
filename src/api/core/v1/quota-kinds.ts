// ResourceQuota and LimitRange: quantities must parse; names must be valid; LimitRange Container items get
// upstream's defaults (default from max, defaultRequest from default, then from min).
import { invalid, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { isQuantity } from '../../resource/quantity.js';
import { arr, isRec, rec, type Rec } from './json.js';
import { defaultResourceList } from './resources.js';

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

/** SetDefaults_LimitRangeItem for Container items; every resource list gets canonical quantities. */
function defaultLimits(obj: KubeObject): void {
  for (const item of arr(rec(obj['spec'])['limits'])) {
    if (!isRec(item)) continue;
    const fields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
    for (const f of fields) defaultResourceList(item[f]);
    if (item['type'] !== 'Container') continue;
    const def = (item['default'] = { ...rec(item['default']) }) as Rec;
    const req = (item['defaultRequest'] = { ...rec(item['defaultRequest']) }) as Rec;
    for (const [k, v] of Object.entries(rec(item['max']))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(rec(item['min']))) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length === 0) delete item['default'];
    if (Object.keys(req).length === 0) delete item['defaultRequest'];
  }
}

export const limitRangeRules: KindRules = {
  defaults: defaultLimits,
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateLimits(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLimits(obj)],
};
