// The structural-schema engine as the registry uses it: a CRD's schema checks (structural rules, then its CEL rules
// compiled) and, per served version, its resources' rules: defaults applied, unknown fields
// pruned (reported under fieldValidation Warn and refused under Strict, as upstream), then validated.
import type { JSONSchemaProps as WireSchema } from 'kubernetes-types/apiextensions/v1.js';
import type { FieldError, FieldPath } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import type { SchemaRules } from './custom-resource-descriptors.js';
import { CelValidator } from './schema/cel-validation.js';
import { applyDefaults, pruneUnknownFields, structuralSchemaErrors, validateCustomResource, type JSONSchemaProps } from './schema/index.js';
import { customResourcePatchMeta } from './schema/patch-meta.js';

/** The checks a CRD version's openAPIV3Schema must pass (the CRD's `schemaErrors`). */
export function crdSchemaErrors(schema: JSONSchemaProps, path: FieldPath): FieldError[] {
  const errs = structuralSchemaErrors(schema, path);
  // As upstream, rules are compiled only over a valid schema (their types come from it).
  if (errs.length > 0) return errs;
  return CelValidator.compile(schema, path)?.crdErrors() ?? [];
}

/** A custom resource's rules from its version's schema (none without one). */
export const structuralSchemaRules: SchemaRules = (wire: WireSchema | undefined): ReturnType<SchemaRules> => {
  if (!wire) return {};
  const schema = wire as unknown as JSONSchemaProps;
  const cel = CelValidator.compile(schema);
  const validate = (obj: KubeObject, old?: KubeObject): FieldError[] => {
    // Updates ratchet: values equal to their stored ones are not held to the (possibly stricter) schema again.
    const errs = validateCustomResource(schema, obj, old === undefined ? {} : { old });
    return cel === undefined ? errs : [...errs, ...cel.validate(schema, obj, old)];
  };
  return {
    defaults: (obj) => applyDefaults(schema, obj),
    prune: (obj) => pruneUnknownFields(schema, obj),
    patchMeta: customResourcePatchMeta(schema),
    validate: (obj) => validate(obj),
    validateUpdate: (obj, old) => validate(obj, old),
    validateStatusUpdate: (obj, old) => validate(obj, old),
  };
};
