// PolicyRule validation shared by Role and ClusterRole (upstream ValidatePolicyRule).
import { invalid, required, type FieldError, type FieldPath } from '../../meta/index.js';
import { arr, rec } from '../../apps/v1/index.js';

export function validatePolicyRule(rule: unknown, namespaced: boolean, path: FieldPath): FieldError[] {
  const r = rec(rule);
  const errs: FieldError[] = [];
  if (arr(r['verbs']).length === 0) errs.push(required(path.child('verbs'), 'verbs must contain at least one value'));
  const urls = arr(r['nonResourceURLs']);
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(path.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(r['apiGroups']).length > 0 || arr(r['resources']).length > 0 || arr(r['resourceNames']).length > 0) {
      errs.push(invalid(path.child('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(r['apiGroups']).length === 0) errs.push(required(path.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (arr(r['resources']).length === 0) errs.push(required(path.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

export function validatePolicyRules(rules: unknown, namespaced: boolean, path: FieldPath): FieldError[] {
  return arr(rules).flatMap((r, i) => validatePolicyRule(r, namespaced, path.index(i)));
}
