// The CustomResourceDefinition kind as the registry serves it: its rules (defaulting and validation), the
// finalizer and conditions of its deletion, and the version it stores its resources at.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { invalid, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';

/** Upstream's finalizer: a deleted CRD stays until the finalizer controller has deleted its resources. */
export const customResourceCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

const crdOf = (o: KubeObject): CustomResourceDefinition => o as unknown as CustomResourceDefinition;

/** The storage version (the one marked so), or undefined when none is. */
export function storageVersion(crd: CustomResourceDefinition): string | undefined {
  return crd.spec?.versions?.find((v) => v.storage)?.name;
}

/** The essentials of upstream ValidateCustomResourceDefinition (name, group, names, scope, one storage version). */
function validateSpec(obj: KubeObject): FieldError[] {
  const crd = crdOf(obj);
  const spec = root('spec');
  const errs = validateObjectMeta(obj.metadata, { namespaced: false });
  const s = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const name = String(obj.metadata?.['name'] ?? '');
  if (!s.group) errs.push(required(spec.child('group'), ''));
  if (!s.names?.plural) errs.push(required(spec.child('names', 'plural'), ''));
  if (!s.names?.kind) errs.push(required(spec.child('names', 'kind'), ''));
  if (s.group && s.names?.plural && name !== `${s.names.plural}.${s.group}`) errs.push(invalid(root('metadata', 'name'), name, 'must be spec.names.plural+"."+spec.group'));
  if (s.scope !== 'Namespaced' && s.scope !== 'Cluster') errs.push(invalid(spec.child('scope'), s.scope ?? '', 'must be either Namespaced or Cluster'));
  const versions = s.versions ?? [];
  if (versions.length === 0) errs.push(invalid(spec.child('versions'), versions, 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage).length !== 1) errs.push(invalid(spec.child('versions'), versions, 'must have exactly one version marked as storage version'));
  return errs;
}

export const customResourceDefinitionKindRules: KindRules = {
  defaults(obj) {
    const names = crdOf(obj).spec?.names;
    if (names?.kind) {
      names.singular ||= names.kind.toLowerCase();
      names.listKind ||= `${names.kind}List`;
    }
  },
  validate: validateSpec,
  validateUpdate: (obj, old) => [...validateSpec(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
