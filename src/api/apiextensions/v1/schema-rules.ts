// The structural-schema engine as the registry uses it: a CRD's schema checks (structural rules, and CEL rules
// refused until CEL is built) and, per served version, its resources' rules: defaults applied, unknown fields
// pruned (reported under fieldValidation Warn and refused under Strict, as upstream), then validated.
import type { JSONSchemaProps as WireSchema } from 'kubernetes-types/apiextensions/v1.js';
import { forbidden, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import type { SchemaRules } from './custom-resource-descriptors.js';
import { applyDefaults, celRulesPresent, pruneUnknownFields, structuralSchemaErrors, validateCustomResource, type JSONSchemaProps } from './schema/index.js';
import { customResourcePatchMeta } from './schema/patch-meta.js';

/** The checks a CRD version's openAPIV3Schema must pass (the CRD's `schemaErrors`). */
export function crdSchemaErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  return [
    ...structuralSchemaErrors(schema, path),
    ...celRulesPresent(schema, path).map((p) => forbidden(p, 'x-kubernetes-validations (CEL) rules are not supported by this server yet')),
  ];
}

/** A custom resource's rules from its version's schema (none without one). */
export const structuralSchemaRules: SchemaRules = (wire: WireSchema | undefined): ReturnType<SchemaRules> => {
  if (!wire) return {};
  const schema = wire as unknown as JSONSchemaProps;
  const validate = (obj: KubeObject): FieldError[] => validateCustomResource(schema, obj);
  return {
    defaults: (obj) => applyDefaults(schema, obj),
    prune: (obj) => pruneUnknownFields(schema, obj),
    patchMeta: customResourcePatchMeta(schema),
    validate,
    validateUpdate: (obj) => validate(obj),
    validateStatusUpdate: (obj) => validate(obj),
  };
};
