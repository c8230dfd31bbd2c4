// apiextensions.k8s.io/v1: the CustomResourceDefinition kind's own rules (defaults, validation with the
// structural-schema engine, strategy mutations), its conditions and naming/establishing decisions, and what
// the registry serves for an established CRD (custom-resource-descriptors, with schema/ for its resources).
import type { KindRules } from '../../meta/index.js';
import { setCustomResourceDefinitionDefaults } from './crd-strategy.js';
import {
  validateCustomResourceDefinition, validateCustomResourceDefinitionStatusUpdate, validateCustomResourceDefinitionUpdate, type CrdValidationOptions,
} from './crd-validation.js';

export {
  validateCustomResourceDefinition, validateCustomResourceDefinitionNames, validateCustomResourceDefinitionStatusUpdate,
  validateCustomResourceDefinitionUpdate, validateStoredVersions, type CrdValidationOptions,
} from './crd-validation.js';
export { validateColumn, validateSimpleJsonPath, validateSubresources } from './crd-columns.js';
export { acceptedConversionReviewVersions, validateConversion } from './crd-conversion.js';
export { conversionReview, conversionReviewVersion, convertedObjects, gvkString } from './conversion-review.js';
export { rootInvariantErrors, validateCustomResourceValidation, type SchemaErrorsFn } from './crd-root-schema.js';
export { apiApprovalState, apiApprovedAnnotation, isProtectedCommunityGroup, validateApiApproval, type ApiApprovalState } from './crd-approval.js';
export {
  prepareCustomResourceDefinitionForCreate, prepareCustomResourceDefinitionForStatusUpdate, prepareCustomResourceDefinitionForUpdate,
  setCustomResourceDefinitionDefaults,
} from './crd-strategy.js';
export * from './crd-conditions.js';
export { calculateNamesAndConditions, establishedCondition, namingUpdate, shouldEstablish, type NamingDecision } from './crd-names.js';
export { customResourceDescriptors, isEstablished, noSchemaRules, storageVersion, type SchemaRules } from './custom-resource-descriptors.js';
export { customKindSchema, customResourceDefinitionName, customResourceOpenApiDefinitions, type OpenApiDialect } from './crd-openapi.js';
export { crdSchemaErrors, structuralSchemaRules } from './schema-rules.js';

/**
 * The CustomResourceDefinition kind's rules, with the structural-schema engine injected (`schemaErrors`); without
 * it only the root-level schema rules run.
 */
export function customResourceDefinitionRulesWith(options: CrdValidationOptions = {}): KindRules {
  return {
    defaults: setCustomResourceDefinitionDefaults,
    validate: (obj) => validateCustomResourceDefinition(obj, options),
    validateUpdate: (obj, old) => validateCustomResourceDefinitionUpdate(obj, old, options),
    validateStatusUpdate: validateCustomResourceDefinitionStatusUpdate,
  };
}

/** The rules without a schema engine (root-level schema rules only). */
export const customResourceDefinitionRules: KindRules = customResourceDefinitionRulesWith();
