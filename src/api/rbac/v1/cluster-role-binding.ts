// ClusterRoleBinding (rbac.authorization.k8s.io/v1): binds a ClusterRole cluster-wide; ServiceAccount subjects need
// a namespace; roleRef is immutable.
import { validateObjectMetaUpdate, type KindRules } from '../../meta/index.js';
import { defaultBinding, validateBindingSpec, validateRoleRefUnchanged } from './binding.js';
import { validateRbacObjectMeta } from './rbac-names.js';

export const clusterRoleBindingRules: KindRules = {
  defaults: defaultBinding,
  validate: (obj) => [...validateRbacObjectMeta(obj.metadata, false), ...validateBindingSpec(obj, false)],
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateBindingSpec(obj, false),
    ...validateRoleRefUnchanged(obj, old),
  ],
};
