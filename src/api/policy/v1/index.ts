// policy/v1: PodDisruptionBudget defaulting and validation (minAvailable xor maxUnavailable, selector).
import { invalid, root, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';

const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

function validateIntOrPercent(v: unknown, field: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? [] : [invalid(root('spec', field), v, 'must be greater than or equal to 0')];
  if (typeof v === 'string' && /^\d+%$/.test(v) && Number(v.slice(0, -1)) <= 100) return [];
  return [invalid(root('spec', field), v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
}

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const errs: FieldError[] = [...validateIntOrPercent(spec['minAvailable'], 'minAvailable'), ...validateIntOrPercent(spec['maxUnavailable'], 'maxUnavailable')];
  if (spec['minAvailable'] !== undefined && spec['maxUnavailable'] !== undefined) errs.push(invalid(root('spec'), spec, 'minAvailable and maxUnavailable cannot be both set'));
  errs.push(...validateLabelSelector(spec['selector'], root('spec', 'selector')));
  return errs;
}

export const policyV1Rules: Record<string, KindRules> = {
  PodDisruptionBudget: {
    validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateSpec(obj)],
    validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)],
    validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
  },
};
