// RoleBinding (rbac.authorization.k8s.io/v1): binds a Role or ClusterRole within a namespace; roleRef is immutable.
import { validateObjectMetaUpdate, type KindRules } from '../../meta/index.js';
import { defaultBinding, validateBindingSpec, validateRoleRefUnchanged } from './binding.js';
import { validateRbacObjectMeta } from './rbac-names.js';

export const roleBindingRules: KindRules = {
  defaults: defaultBinding,
  validate: (obj) => [...validateRbacObjectMeta(obj.metadata, true), ...validateBindingSpec(obj, true)],
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateBindingSpec(obj, true),
    ...validateRoleRefUnchanged(obj, old),
  ],
};
