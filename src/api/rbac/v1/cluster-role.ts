// ClusterRole (rbac.authorization.k8s.io/v1): cluster-scoped rules (non-resource URLs allowed) and aggregationRule.
import { required, root, validateLabelSelector, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';
import { arr, isRecord } from '../../apps/v1/index.js';
import { validatePolicyRules } from './policy-rule.js';
import { validateRbacObjectMeta } from './rbac-names.js';

function validateSpec(obj: KubeObject): FieldError[] {
  const errs = validatePolicyRules(obj['rules'], false, root('rules'));
  const agg = obj['aggregationRule'];
  if (isRecord(agg)) {
    const selectors = arr(agg['clusterRoleSelectors']);
    const p = root('aggregationRule', 'clusterRoleSelectors');
    if (selectors.length === 0) errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, p.index(i))));
  }
  return errs;
}

export const clusterRoleRules: KindRules = {
  validate: (obj) => [...validateRbacObjectMeta(obj.metadata, false), ...validateSpec(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)],
};
