// scheduling.k8s.io/v1: PriorityClass (value within the user range, immutable value, preemption policy).
import { forbidden, invalid, notSupported, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';

const maxUserPriority = 1_000_000_000;
const policies = ['Never', 'PreemptLowerPriority'];

function validateClass(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const v = obj['value'];
  const name = String((obj.metadata as { name?: string } | undefined)?.name ?? '');
  if (typeof v !== 'number' || !Number.isInteger(v)) errs.push(invalid(root('value'), v ?? null, 'must be an integer'));
  else if (v > maxUserPriority && !name.startsWith('system-')) errs.push(forbidden(root('value'), `maximum allowed value of a user defined priority is ${maxUserPriority}`));
  const p = obj['preemptionPolicy'];
  if (p !== undefined && !policies.includes(String(p))) errs.push(notSupported(root('preemptionPolicy'), p, policies));
  return errs;
}

export const schedulingV1Rules: Record<string, KindRules> = {
  PriorityClass: {
    defaults(obj) {
      if (obj['preemptionPolicy'] === undefined) obj['preemptionPolicy'] = 'PreemptLowerPriority';
    },
    validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: false }), ...validateClass(obj)],
    validateUpdate(obj, old) {
      const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateClass(obj)];
      if (obj['value'] !== old['value']) errs.push(forbidden(root('value'), 'may not be changed in an update.'));
      return errs;
    },
  },
};
