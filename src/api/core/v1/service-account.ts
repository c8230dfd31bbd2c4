// ServiceAccount: DNS-subdomain names; nothing else is validated upstream.
import type { KindRules } from '../../meta/kind-rules.js';
import { nameIsDnsSubdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';

/** The ConfigMap every namespace holds with the cluster CA (`ca.crt`), projected into service account volumes. */
export const rootCaConfigMapName = 'kube-root-ca.crt';

export const serviceAccountRules: KindRules = {
  validate: (obj) => validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }),
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, { namespaced: true })],
};
