// meta: ObjectMeta-level building blocks: field errors, kind rules, selectors, name and metadata validation.
export * from './field-path.js';
export * from './kind-rules.js';
export * from './labels.js';
export * from './fields.js';
export * from './name-validation.js';
export * from './equality.js';
export * from './label-validation.js';
export {
  fieldImmutableErrorMsg, isNegativeErrorMsg, validateDns1123Label, validateDns1123Subdomain, validateFinalizers, validateImmutableField,
  validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate, validateOwnerReferences, validateQualifiedName,
  validateTemplateObjectMeta, type NameValidator, type ObjectMetaOptions,
} from './validation.js';
