// Role (rbac.authorization.k8s.io/v1): namespaced rules; no defaults upstream.
import { root, validateObjectMetaUpdate, type KindRules } from '../../meta/index.js';
import { validatePolicyRules } from './policy-rule.js';
import { validateRbacObjectMeta } from './rbac-names.js';

export const roleRules: KindRules = {
  validate: (obj) => [...validateRbacObjectMeta(obj.metadata, true), ...validatePolicyRules(obj['rules'], true, root('rules'))],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePolicyRules(obj['rules'], true, root('rules'))],
};
