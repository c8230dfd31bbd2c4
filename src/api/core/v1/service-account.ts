// ServiceAccount: DNS-subdomain names; nothing else is validated upstream.
import type { KindRules } from '../../meta/kind-rules.js';
import { nameIsDnsSubdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';

export const serviceAccountRules: KindRules = {
  validate: (obj) => validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, { namespaced: true })],
};
